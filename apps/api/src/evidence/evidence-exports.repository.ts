import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

@Injectable()
export class EvidenceExportsRepository {
  async record(db: Db, e: { incidentId: string; userId: string; actor: string; at: Date; sha256: string; bytes: number }): Promise<void> {
    await db.query('INSERT INTO evidence_exports (incident_id, user_id, actor, at, sha256, bytes) VALUES ($1, $2, $3, $4, $5, $6)', [
      e.incidentId,
      e.userId,
      e.actor,
      e.at,
      e.sha256,
      e.bytes,
    ]);
  }
}
