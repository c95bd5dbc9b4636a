import type { Role } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

export type UserRow = { id: string; username: string; passwordHash: string; role: Role; responderId: string | null };

@Injectable()
export class UsersRepository {
  async findByUsername(db: Db, username: string): Promise<UserRow | null> {
    const rows: UserRow[] = await db.query(
      `SELECT u.id, u.username, u.password_hash AS "passwordHash", u.role, r.id AS "responderId"
         FROM users u LEFT JOIN responders r ON r.user_id = u.id
        WHERE u.username = $1`,
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

  async count(db: Db): Promise<number> {
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    return row!.n;
  }
}
