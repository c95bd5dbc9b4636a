import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

export type KeyState = 'pending' | 'applied' | 'done';

export type StoredKey = {
  fingerprint: string;
  state: KeyState;
  owner: string;
  leaseUntil: Date;
  status: number | null;
  response: Buffer | null;
  createdAt: Date;
};

@Injectable()
export class IdempotencyRepository {
  /** Claims a fresh key for `owner`; false if the key exists. */
  async claim(db: Db, k: { scope: string; key: string; fingerprint: string; owner: string; now: Date; leaseMs: number }): Promise<boolean> {
    const rows = await db.query<{ owner: string }>(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, state, owner, lease_until, created_at)
       VALUES ($1, $2, $3, 'pending', $4, $5::timestamptz + $6 * interval '1 millisecond', $5)
       ON CONFLICT (scope, key) DO NOTHING RETURNING owner`,
      [k.scope, k.key, k.fingerprint, k.owner, k.now, k.leaseMs],
    );
    return rows.length === 1;
  }

  async find(db: Db, scope: string, key: string): Promise<StoredKey | null> {
    const rows = await db.query<StoredKey>(
      `SELECT fingerprint, state, owner, lease_until AS "leaseUntil", status, response, created_at AS "createdAt"
         FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    return rows[0] ?? null;
  }

  /** Takes over a pending key whose owner's lease ran out (it crashed before committing anything). */
  async takeOver(db: Db, k: { scope: string; key: string; from: string; owner: string; now: Date; leaseMs: number }): Promise<boolean> {
    const rows = await db.query<{ owner: string }>(
      `UPDATE idempotency_keys SET owner = $4, lease_until = $5::timestamptz + $6 * interval '1 millisecond'
        WHERE scope = $1 AND key = $2 AND owner = $3 AND state = 'pending' AND lease_until < $5 RETURNING owner`,
      [k.scope, k.key, k.from, k.owner, k.now, k.leaseMs],
    );
    return rows.length === 1;
  }

  /** Inside the request's transaction: its work commits with this mark, or not at all (a retry took over). */
  async markApplied(db: Db, scope: string, key: string, owner: string): Promise<boolean> {
    const rows = await db.query<{ state: string }>(
      `UPDATE idempotency_keys SET state = 'applied' WHERE scope = $1 AND key = $2 AND owner = $3 AND state IN ('pending', 'applied') RETURNING state`,
      [scope, key, owner],
    );
    return rows.length === 1;
  }

  async complete(db: Db, k: { scope: string; key: string; owner: string; status: number; response: Buffer; sealedKey: string }): Promise<void> {
    await db.query(
      `UPDATE idempotency_keys SET state = 'done', status = $4, response = $5, sealed_key = $6
        WHERE scope = $1 AND key = $2 AND owner = $3`,
      [k.scope, k.key, k.owner, k.status, k.response, k.sealedKey],
    );
  }

  /** Forgets a key whose request failed before doing anything worth remembering, so a retry runs afresh. */
  async release(db: Db, scope: string, key: string, owner: string): Promise<void> {
    await db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND owner = $3 AND state = 'pending'`, [scope, key, owner]);
  }

  /** Deletes keys older than `cutoff`; returns how many. */
  async purge(db: Db, cutoff: Date): Promise<number> {
    return (await db.query<{ key: string }>('DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING key', [cutoff])).length;
  }
}
