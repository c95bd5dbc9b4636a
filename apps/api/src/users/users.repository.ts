import type { Role } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

export type UserRow = { id: string; username: string; passwordHash: string; role: Role; responderId: string | null; disabledAt: Date | null };

/** An account and whether it may sign in. */
export type AccessRow = { userId: string; username: string; role: Role; disabledAt: Date | null };

@Injectable()
export class UsersRepository {
  async findByUsername(db: Db, username: string): Promise<UserRow | null> {
    const rows: UserRow[] = await db.query(
      `SELECT u.id, u.username, u.password_hash AS "passwordHash", u.role, r.id AS "responderId", u.disabled_at AS "disabledAt"
         FROM users u LEFT JOIN responders r ON r.user_id = u.id
        WHERE u.username = $1 AND u.deleted_at IS NULL`,
      [username.toLowerCase()],
    );
    return rows[0] ?? null;
  }

  /** Inserts an account; null when the username is taken. */
  async insert(db: Db, user: { username: string; passwordHash: string; role: Role }): Promise<{ id: string } | null> {
    const rows: { id: string }[] = await db.query(
      `INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3)
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [user.username.toLowerCase(), user.passwordHash, user.role],
    );
    return rows[0] ?? null;
  }

  /**
   * Disables or re-enables sign-in for the account `id` names: a user id, or a responder profile's id (the
   * responders page knows those). Null if there is no such account (a deleted one stays disabled).
   */
  async setDisabled(db: Db, id: string, disabled: boolean): Promise<AccessRow | null> {
    const rows = await db.query<AccessRow>(
      `UPDATE users SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) END
        WHERE (id = $1 OR id = (SELECT user_id FROM responders WHERE id = $1)) AND deleted_at IS NULL
        RETURNING id AS "userId", username, role, disabled_at AS "disabledAt"`,
      [id, disabled],
    );
    return rows[0] ?? null;
  }

  /**
   * Locks these accounts' rows for a change of access, always in the same order (two coordinators ending each other's
   * access at once then run one after the other), and says which of them are disabled.
   */
  async lockForAccessChange(db: Db, userIds: readonly string[]): Promise<Map<string, boolean>> {
    const rows = await db.query<{ id: string; disabled: boolean }>(
      'SELECT id, disabled_at IS NOT NULL AS disabled FROM users WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
      [userIds],
    );
    return new Map(rows.map((r) => [r.id, r.disabled]));
  }

  /**
   * An account by its user id or its responder profile's id, with that profile's id and alias (null for staff) and
   * whether it was deleted; null if there is none.
   */
  async findAccess(db: Db, id: string): Promise<(AccessRow & { responderId: string | null; alias: string | null; deleted: boolean }) | null> {
    const rows = await db.query<AccessRow & { responderId: string | null; alias: string | null; deleted: boolean }>(
      `SELECT u.id AS "userId", u.username, u.role, u.disabled_at AS "disabledAt", r.id AS "responderId", r.alias,
              u.deleted_at IS NOT NULL AS deleted
         FROM users u LEFT JOIN responders r ON r.user_id = u.id
        WHERE u.id = $1 OR u.id = (SELECT user_id FROM responders WHERE id = $1)`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Dispatchers and coordinators (deleted accounts are no one), by username. */
  staff(db: Db): Promise<AccessRow[]> {
    return db.query<AccessRow>(
      `SELECT id AS "userId", username, role, disabled_at AS "disabledAt" FROM users
        WHERE role IN ('dispatcher', 'coordinator') AND deleted_at IS NULL ORDER BY username`,
    );
  }

  async findIdByUsername(db: Db, username: string): Promise<string | null> {
    const rows = await db.query<{ id: string }>('SELECT id FROM users WHERE username = $1 AND deleted_at IS NULL', [username.toLowerCase()]);
    return rows[0]?.id ?? null;
  }

  /**
   * Blanks a deleted account: its username becomes `username` (a blank name), its password hash goes, sign-in stays
   * disabled. The row stays so that what the record says the person did (claims, log entries, calls answered) still
   * resolves.
   */
  async markDeleted(db: Db, userId: string, username: string): Promise<void> {
    await db.query(`UPDATE users SET username = $2, password_hash = '', disabled_at = coalesce(disabled_at, now()), deleted_at = now() WHERE id = $1`, [
      userId,
      username,
    ]);
  }

  async count(db: Db): Promise<number> {
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    return row!.n;
  }
}
