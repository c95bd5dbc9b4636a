import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';
import type { Pace } from './pace.js';

/** Each provider's pace, shared by every process: one row per provider in `alert_send_windows` (see pace.ts). */
@Injectable()
export class SendWindowsRepository {
  /**
   * Takes `count` sends of `provider`'s shared pace, across every process: returns when they may go (epoch ms). Not
   * before the pace's next slot (GCRA, one every `intervalMs`), nor, with a log (`logSize` > 0), before the time that
   * keeps the last `logSize` slots plus these within one `windowMs` (see pace.ts). One statement, atomic across
   * processes.
   */
  async reserve(db: Db, provider: string, count: number, pace: Pick<Pace, 'intervalMs' | 'windowMs' | 'logSize'>, nowMs: number): Promise<number> {
    if (pace.logSize > 0 && count > pace.logSize) throw new Error(`cannot reserve ${count} sends against a log of ${pace.logSize}`);
    // The subquery locks the provider's row and reads its old values, which SET and RETURNING still see. A subscript
    // out of the log's bounds is NULL, which GREATEST skips: a log shorter than `logSize` holds nothing back, and
    // with `logSize` 0 the log stays empty.
    const [row] = await db.query<{ startMs: string }>(
      `UPDATE alert_send_windows w
          SET next_at_ms = x.t + ceil($2::int * $3::float8)::bigint,
              recent_ms = (w.recent_ms || array_fill(x.t, ARRAY[$2::int]))[greatest(1, cardinality(w.recent_ms) + $2::int - $5::int + 1):]
         FROM (SELECT GREATEST(o.next_at_ms, $4::bigint, o.recent_ms[cardinality(o.recent_ms) + $2::int - $5::int] + ceil($6::float8)::bigint) AS t
                 FROM alert_send_windows o WHERE o.provider = $1::text FOR UPDATE) x
        WHERE w.provider = $1::text
        RETURNING x.t AS "startMs"`,
      [provider, count, pace.intervalMs, nowMs, pace.logSize, pace.windowMs],
    );
    if (row) return Number(row.startMs);
    await db.query(`INSERT INTO alert_send_windows (provider, next_at_ms) VALUES ($1, 0) ON CONFLICT (provider) DO NOTHING`, [provider]);
    return this.reserve(db, provider, count, pace, nowMs);
  }
}
