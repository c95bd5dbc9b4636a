import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

/** The SQL of server-side sessions (see SessionEntity). */
@Injectable()
export class SessionsRepository {
  /**
   * Starts a session for a user whose sign-in is not disabled; null if it is. The user's row is share-locked, so a
   * coordinator ending the access at the same moment either waits for this session (and ends it) or is seen here.
   */
  async start(db: Db, userId: string, startedAt: Date, expiresAt: Date): Promise<string | null> {
    const rows = await db.query<{ id: string }>(
      `INSERT INTO sessions (user_id, started_at, expires_at)
       SELECT u.id, $2, $3 FROM (SELECT id FROM users WHERE id = $1 AND disabled_at IS NULL FOR SHARE) u
       RETURNING id`,
      [userId, startedAt, expiresAt],
    );
    return rows[0]?.id ?? null;
  }

  async isOpen(db: Db, id: string): Promise<boolean> {
    const rows = await db.query<{ open: boolean }>('SELECT EXISTS (SELECT 1 FROM sessions WHERE id = $1 AND expires_at > now()) AS open', [id]);
    return rows[0]?.open === true;
  }

  /** Which of these sessions still exist. */
  async openAmong(db: Db, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db.query<{ id: string }>('SELECT id FROM sessions WHERE id = ANY($1::uuid[]) AND expires_at > now()', [ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** Ends one session; false if it had already ended. */
  async end(db: Db, id: string): Promise<boolean> {
    const rows = await db.query<{ id: string }>('DELETE FROM sessions WHERE id = $1 RETURNING id', [id]);
    return rows.length > 0;
  }

  /** Ends every session of a user; the ids of those that were open. */
  async endAllOf(db: Db, userId: string): Promise<string[]> {
    const rows = await db.query<{ id: string }>('DELETE FROM sessions WHERE user_id = $1 RETURNING id', [userId]);
    return rows.map((r) => r.id);
  }

  /** Deletes sessions past their maximum age; how many. */
  async purgeExpired(db: Db, now: Date): Promise<number> {
    const rows = await db.query<{ n: number }>('WITH gone AS (DELETE FROM sessions WHERE expires_at <= $1 RETURNING 1) SELECT count(*)::int AS n FROM gone', [
      now,
    ]);
    return rows[0]?.n ?? 0;
  }
}
