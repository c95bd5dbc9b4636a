import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

export type Counter = { count: number; windowEndsAt: Date };
export type Failures = { failures: number; blockedUntil: Date | null };

/**
 * Shared counters for rate limits and sign-in throttling, in PostgreSQL so every API process sees the same
 * numbers and a restart forgets nothing. Buckets are keyed hashes, never addresses or usernames in clear.
 */
@Injectable()
export class RateLimitsRepository {
  /** Counts one hit in a fixed window; returns the count so far and when the window ends. One statement, atomic. */
  async hit(db: Db, bucket: string, windowMs: number, now: Date): Promise<Counter> {
    const [row] = await db.query<Counter>(
      `INSERT INTO rate_limits AS r (bucket, count, window_ends_at) VALUES ($1, 1, $2::timestamptz + $3 * interval '1 millisecond')
       ON CONFLICT (bucket) DO UPDATE SET
         count = CASE WHEN r.window_ends_at <= $2 THEN 1 ELSE r.count + 1 END,
         window_ends_at = CASE WHEN r.window_ends_at <= $2 THEN $2::timestamptz + $3 * interval '1 millisecond' ELSE r.window_ends_at END
       RETURNING count, window_ends_at AS "windowEndsAt"`,
      [bucket, now, windowMs],
    );
    return row!;
  }

  /** Takes back one hit from each bucket (a hit that was refused, or refused further on). */
  async unhit(db: Db, buckets: readonly string[]): Promise<void> {
    await db.query('UPDATE rate_limits SET count = count - 1 WHERE bucket = ANY($1::text[]) AND count > 0', [buckets]);
  }

  /** The current failure count and block of a sign-in bucket. */
  async failures(db: Db, buckets: readonly string[]): Promise<Map<string, Failures>> {
    const rows = await db.query<Failures & { bucket: string }>(
      `SELECT bucket, failures, blocked_until AS "blockedUntil" FROM login_throttle WHERE bucket = ANY($1::text[])`,
      [buckets],
    );
    return new Map(rows.map(({ bucket, ...f }) => [bucket, f]));
  }

  /**
   * Counts a sign-in attempt as a failure before its password is checked — one more failure, blocked until
   * `now + delay(failures)` once past `freeFailures` — unless the bucket is in a delay: then nothing is counted and
   * false comes back. One statement: attempts sent at once queue on the row, and each sees the ones before it.
   */
  async attempt(db: Db, bucket: string, now: Date, freeFailures: number, baseDelayMs: number, maxDelayMs: number): Promise<boolean> {
    const rows = await db.query<{ failures: number }>(
      `INSERT INTO login_throttle AS t (bucket, failures, blocked_until, updated_at) VALUES ($1, 1, NULL, $2)
       ON CONFLICT (bucket) DO UPDATE SET failures = t.failures + 1, updated_at = $2,
         blocked_until = CASE WHEN t.failures + 1 <= $3 THEN NULL
                              ELSE $2::timestamptz + least($5::float8, $4::float8 * power(2, t.failures + 1 - $3 - 1)) * interval '1 millisecond' END
       WHERE t.blocked_until IS NULL OR t.blocked_until <= $2
       RETURNING failures`,
      [bucket, now, freeFailures, baseDelayMs, maxDelayMs],
    );
    return rows.length > 0;
  }

  /**
   * Takes back an attempt counted by `attempt` that was not a failure after all (the right password, or refused by
   * the other bucket). The delay it started, if it was the one past `freeFailures`, goes with it; a later one stays.
   */
  async refund(db: Db, bucket: string, freeFailures: number): Promise<void> {
    await db.query(
      `UPDATE login_throttle SET failures = failures - 1, blocked_until = CASE WHEN failures - 1 <= $2 THEN NULL ELSE blocked_until END
       WHERE bucket = $1 AND failures > 0`,
      [bucket, freeFailures],
    );
  }

  async clear(db: Db, bucket: string): Promise<void> {
    await db.query('DELETE FROM login_throttle WHERE bucket = $1', [bucket]);
  }

  /** Forgets counters and throttles nobody touched since `cutoff`. */
  async purge(db: Db, cutoff: Date): Promise<number> {
    const a = await db.query<{ bucket: string }>('DELETE FROM rate_limits WHERE window_ends_at < $1 RETURNING bucket', [cutoff]);
    const b = await db.query<{ bucket: string }>('DELETE FROM login_throttle WHERE updated_at < $1 RETURNING bucket', [cutoff]);
    return a.length + b.length;
  }
}
