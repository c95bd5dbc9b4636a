import type { Witness } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { isoTimestamp } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';

@Injectable()
export class WitnessesRepository {
  async insert(db: Db, w: { incidentId: string; contact: string; note: string; createdBy: string; now: Date }): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      'INSERT INTO witnesses (incident_id, contact, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [w.incidentId, w.contact, w.note, w.createdBy, w.now],
    );
    return row!.id;
  }

  ofIncident(db: Db, incidentId: string, retentionMs: number): Promise<Witness[]> {
    return db.query(
      `SELECT id, contact, note, ${isoTimestamp('created_at')} AS "createdAt",
              ${isoTimestamp("created_at + $2 * interval '1 millisecond'")} AS "deleteAfter"
         FROM witnesses WHERE incident_id = $1 ORDER BY created_at`,
      [incidentId, retentionMs],
    );
  }

  /** Deletes contacts older than the retention period; returns how many. */
  async purge(db: Db, cutoff: Date): Promise<number> {
    return (await db.query('DELETE FROM witnesses WHERE created_at < $1 RETURNING id', [cutoff])).length;
  }
}
