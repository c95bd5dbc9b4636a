import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

export type StoredLocation = { responderId: string; sealed: Buffer };

/** The shared live locations (UNLOGGED `live_locations`): one sealed row per sharing responder. */
@Injectable()
export class LiveLocationsRepository {
  /**
   * Writes a batch in one statement: upserts, deletes, and the notification to the other processes (sealed
   * messages on `channel`), so they hear of exactly what was written.
   */
  async write(
    db: Db,
    batch: { upserts: { responderId: string; sealed: Buffer; sealedKey: string; at: Date }[]; removals: string[]; channel: string; messages: string[] },
  ): Promise<void> {
    const { upserts, removals } = batch;
    await db.query(
      `WITH up AS (
         INSERT INTO live_locations (responder_id, sealed, sealed_key, updated_at)
         SELECT * FROM unnest($1::uuid[], $2::bytea[], $3::text[], $4::timestamptz[])
         ON CONFLICT (responder_id) DO UPDATE SET sealed = excluded.sealed, sealed_key = excluded.sealed_key, updated_at = excluded.updated_at
       ), gone AS (
         DELETE FROM live_locations WHERE responder_id = ANY($5::uuid[])
       )
       SELECT pg_notify($6, m) FROM unnest($7::text[]) m`,
      [
        upserts.map((u) => u.responderId),
        upserts.map((u) => u.sealed),
        upserts.map((u) => u.sealedKey),
        upserts.map((u) => u.at),
        removals,
        batch.channel,
        batch.messages,
      ],
    );
  }

  /** Every location updated since `since`. */
  fresh(db: Db, since: Date): Promise<StoredLocation[]> {
    return db.query(`SELECT responder_id AS "responderId", sealed FROM live_locations WHERE updated_at >= $1`, [since]);
  }

  /** Deletes locations not updated since `cutoff`; returns whose (the process that gets a row announces it). */
  async expire(db: Db, cutoff: Date): Promise<string[]> {
    const rows = await db.query<{ responderId: string }>('DELETE FROM live_locations WHERE updated_at < $1 RETURNING responder_id AS "responderId"', [cutoff]);
    return rows.map((r) => r.responderId);
  }
}
