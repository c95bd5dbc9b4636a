import type { Witness } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { KeyRing } from '../crypto/key-ring.js';
import { sealTexts, WITNESS } from '../crypto/sealing.js';
import { isoTimestamp, sealedText } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';

@Injectable()
export class WitnessesRepository {
  constructor(private readonly keys: KeyRing) {}

  /** Stores a contact sealed under today's witness key, which is destroyed once the retention period has passed. */
  async insert(db: Db, w: { incidentId: string; contact: string; note: string; createdBy: string; now: Date }): Promise<string> {
    const { sealed, keyId } = sealTexts(this.keys, WITNESS, { contact: w.contact, note: w.note }, w.now.getTime());
    const [row] = await db.query<{ id: string }>(
      'INSERT INTO witnesses (incident_id, contact, note, created_by, created_at, sealed_key) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [w.incidentId, sealed.contact, sealed.note, w.createdBy, w.now, keyId],
    );
    return row!.id;
  }

  ofIncident(db: Db, incidentId: string, retentionMs: number): Promise<Witness[]> {
    return db.query(
      `SELECT id, ${sealedText('contact')} AS contact, ${sealedText('note')} AS note, ${isoTimestamp('created_at')} AS "createdAt",
              ${isoTimestamp("created_at + $2 * interval '1 millisecond'")} AS "deleteAfter"
         FROM witnesses WHERE incident_id = $1 ORDER BY created_at`,
      [incidentId, retentionMs],
    );
  }

  /** Deletes contacts older than the retention period; returns how many. */
  async purge(db: Db, cutoff: Date): Promise<number> {
    return (await db.query<{ id: string }>('DELETE FROM witnesses WHERE created_at < $1 RETURNING id', [cutoff])).length;
  }
}
