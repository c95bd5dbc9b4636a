import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

export type FeedShift = { id: string; start: Date; end: Date };

/** All SQL of calendar feeds: hashed tokens, and a person's shifts as this week's occurrences. */
@Injectable()
export class CalendarFeedsRepository {
  async exists(db: Db, userId: string): Promise<boolean> {
    return (await db.query(`SELECT 1 FROM shift_calendar_feeds WHERE user_id = $1`, [userId])).length > 0;
  }

  /** Replaces the person's feed token (the old address stops working). */
  async save(db: Db, userId: string, tokenHash: Buffer): Promise<void> {
    await db.query(
      `INSERT INTO shift_calendar_feeds (user_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
      [userId, tokenHash],
    );
  }

  async revoke(db: Db, userId: string): Promise<boolean> {
    return (await db.query(`DELETE FROM shift_calendar_feeds WHERE user_id = $1 RETURNING 1`, [userId])).length > 0;
  }

  async userOf(db: Db, tokenHash: Buffer): Promise<string | null> {
    const [row] = await db.query<{ userId: string }>(`SELECT user_id AS "userId" FROM shift_calendar_feeds WHERE token_hash = $1`, [tokenHash]);
    return row?.userId ?? null;
  }

  /** Each of the person's shifts as its occurrence in the seven days up to `now` (the start of a weekly series). */
  shifts(db: Db, userId: string, now: Date, timeZone: string): Promise<FeedShift[]> {
    return db.query<FeedShift>(
      `SELECT a.id, o.start, o."end"
         FROM shift_assignments a
         JOIN shift_templates t ON t.id = a.template_id
        CROSS JOIN LATERAL (
          SELECT (g.d::date + t.start_time) AT TIME ZONE $3 AS start,
                 ((g.d::date + (t.end_time <= t.start_time)::int) + t.end_time) AT TIME ZONE $3 AS "end"
            FROM generate_series((($2::timestamptz AT TIME ZONE $3)::date - 6)::timestamp, ($2::timestamptz AT TIME ZONE $3)::date::timestamp, interval '1 day') AS g(d)
           WHERE extract(isodow FROM g.d) = t.weekday) AS o
        WHERE a.user_id = $1
        ORDER BY o.start`,
      [userId, now, timeZone],
    );
  }
}
