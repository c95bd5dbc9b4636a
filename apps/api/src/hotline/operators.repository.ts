import type { OperatorSettings } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { sealedText } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';

/** An operator a call can ring: the opened phone number and the languages they speak. */
export type Ringable = { userId: string; phone: string; email: string; languages: string[]; fallback: boolean };

/** An operator's settings with their phone and email opened ('' when none), for the service to show as hints. */
export type SettingsRow = Omit<OperatorSettings, 'phoneHint' | 'emailHint'> & { phone: string; email: string };

const SETTINGS = `SELECT u.id AS "userId", u.username, ${sealedText('o.phone')} AS phone, ${sealedText('o.email')} AS email,
                         coalesce(o.languages, '{}') AS languages, coalesce(o.fallback, false) AS fallback
                    FROM users u LEFT JOIN hotline_operators o ON o.user_id = u.id`;

/** Operators' call settings (hotline_operators): all the SQL. */
@Injectable()
export class OperatorsRepository {
  settings(db: Db, userId: string): Promise<SettingsRow[]> {
    return db.query(`${SETTINGS} WHERE u.id = $1 AND u.role IN ('dispatcher', 'coordinator') AND u.deleted_at IS NULL`, [userId]);
  }

  list(db: Db): Promise<SettingsRow[]> {
    return db.query(`${SETTINGS} WHERE u.role IN ('dispatcher', 'coordinator') AND u.deleted_at IS NULL ORDER BY u.username`);
  }

  /** The opened contact points of one operator ('' when none). */
  async contacts(db: Db, userId: string): Promise<{ phone: string; email: string } | null> {
    const rows = await db.query<{ phone: string; email: string }>(
      `SELECT ${sealedText('phone')} AS phone, ${sealedText('email')} AS email FROM hotline_operators WHERE user_id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  /** The opened phone numbers of these operators (those who have one). */
  phones(db: Db, userIds: readonly string[]): Promise<{ userId: string; phone: string }[]> {
    return db.query(
      `SELECT user_id AS "userId", ${sealedText('phone')} AS phone FROM hotline_operators WHERE user_id = ANY($1::uuid[]) AND phone IS NOT NULL`,
      [userIds],
    );
  }

  async save(
    db: Db,
    row: {
      userId: string;
      phone: Buffer | null;
      email: Buffer | null;
      sealedKey: string | null;
      languages: string[];
      fallback: boolean;
      now: Date;
    },
  ): Promise<void> {
    await db.query(
      `INSERT INTO hotline_operators (user_id, phone, email, sealed_key, languages, fallback, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id) DO UPDATE SET phone = $2, email = $3, sealed_key = $4, languages = $5, fallback = $6, updated_at = $7`,
      [row.userId, row.phone, row.email, row.sealedKey, row.languages, row.fallback, row.now],
    );
  }

  /**
   * Operators with a phone, among `userIds` (on shift) or, with `userIds` null, the fallback group. Only dispatchers
   * and coordinators: an account that changed role, or whose access a coordinator ended, stops ringing.
   */
  ringable(db: Db, userIds: string[] | null): Promise<Ringable[]> {
    return db.query(
      `SELECT o.user_id AS "userId", ${sealedText('o.phone')} AS phone, ${sealedText('o.email')} AS email, o.languages, o.fallback
         FROM hotline_operators o JOIN users u ON u.id = o.user_id
        WHERE o.phone IS NOT NULL AND u.role IN ('dispatcher', 'coordinator') AND u.disabled_at IS NULL
          AND (CASE WHEN $1::uuid[] IS NULL THEN o.fallback ELSE o.user_id = ANY($1::uuid[]) END)
        ORDER BY o.user_id`,
      [userIds],
    );
  }

  /** Whom a missed call alerts: the operators its legs rang, or the fallback group when it rang nobody; never a disabled account. */
  alertable(db: Db, callId: string): Promise<{ userId: string; phone: string; email: string }[]> {
    return db.query(
      `SELECT o.user_id AS "userId", ${sealedText('o.phone')} AS phone, ${sealedText('o.email')} AS email
         FROM hotline_operators o JOIN users u ON u.id = o.user_id AND u.disabled_at IS NULL
        WHERE (o.user_id IN (SELECT user_id FROM hotline_call_legs WHERE call_id = $1)
           OR (o.fallback AND NOT EXISTS (SELECT 1 FROM hotline_call_legs WHERE call_id = $1)))
        ORDER BY o.user_id`,
      [callId],
    );
  }

  async deleteOf(db: Db, userId: string): Promise<void> {
    await db.query('DELETE FROM hotline_operators WHERE user_id = $1', [userId]);
  }

  /** Settings of accounts that are no longer dispatchers or coordinators. */
  async purgeFormer(db: Db): Promise<number> {
    const rows = await db.query(
      `DELETE FROM hotline_operators o USING users u WHERE u.id = o.user_id AND u.role NOT IN ('dispatcher', 'coordinator') RETURNING o.user_id`,
    );
    return rows.length;
  }
}
