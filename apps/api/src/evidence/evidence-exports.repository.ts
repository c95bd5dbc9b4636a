import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

@Injectable()
export class EvidenceExportsRepository {
  /** Exports a deleted account made are listed under its blank name. */
  async renameActor(db: Db, userId: string, label: string): Promise<void> {
    await db.query('UPDATE evidence_exports SET actor = $2 WHERE user_id = $1', [userId, label]);
  }

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
