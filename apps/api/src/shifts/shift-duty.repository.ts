import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

export type DutyKind = 'reminder' | 'start' | 'end';

/** Minutes before a shift's start that its reminder goes out. */
export const REMINDER_MINUTES = 15;

/** All SQL of duty following shifts: who follows, the shifts' next boundaries, and the changes already done. */
@Injectable()
export class ShiftDutyRepository {
  async follows(db: Db, responderId: string): Promise<boolean> {
    return (await db.query(`SELECT 1 FROM shift_duty_followers WHERE responder_id = $1`, [responderId])).length > 0;
  }

  async deleteRunsOf(db: Db, userId: string): Promise<void> {
    await db.query(`DELETE FROM shift_duty_runs WHERE user_id = $1`, [userId]);
  }

  async setFollowing(db: Db, responderId: string, follow: boolean): Promise<void> {
    if (follow) await db.query(`INSERT INTO shift_duty_followers (responder_id) VALUES ($1) ON CONFLICT DO NOTHING`, [responderId]);
    else await db.query(`DELETE FROM shift_duty_followers WHERE responder_id = $1`, [responderId]);
  }

  /** The responder profile of a user who follows their shifts and is on this one; null otherwise. */
  async followingResponder(db: Db, templateId: string, userId: string): Promise<string | null> {
    const [row] = await db.query<{ id: string }>(
      `SELECT r.id FROM responders r
         JOIN shift_duty_followers f ON f.responder_id = r.id
         JOIN shift_assignments a ON a.user_id = r.user_id AND a.template_id = $1
        WHERE r.user_id = $2`,
      [templateId, userId],
    );
    return row?.id ?? null;
  }

  async responderOfUser(db: Db, userId: string): Promise<string | null> {
    const [row] = await db.query<{ id: string }>(`SELECT id FROM responders WHERE user_id = $1`, [userId]);
    return row?.id ?? null;
  }

  async templatesOf(db: Db, userId: string): Promise<string[]> {
    return (await db.query<{ id: string }>(`SELECT template_id AS id FROM shift_assignments WHERE user_id = $1`, [userId])).map((r) => r.id);
  }

  /**
   * The first reminder, start or end of a shift strictly after `after`: the wall-clock time on each of the next
   * days that is the shift's weekday, turned into an instant in `timeZone` for that date (so DST is honoured).
   */
  async nextBoundary(db: Db, templateId: string, kind: DutyKind, after: Date, timeZone: string): Promise<Date | null> {
    const [row] = await db.query<{ at: Date | null }>(
      `SELECT min(b.x) AS at
         FROM shift_templates t
        CROSS JOIN LATERAL generate_series((($3::timestamptz AT TIME ZONE $4)::date - 1)::timestamp,
                                           (($3::timestamptz AT TIME ZONE $4)::date + 8)::timestamp, interval '1 day') AS g(d)
        CROSS JOIN LATERAL (SELECT CASE $2::text
                 WHEN 'end' THEN ((g.d::date + (t.end_time <= t.start_time)::int) + t.end_time) AT TIME ZONE $4
                 WHEN 'start' THEN (g.d::date + t.start_time) AT TIME ZONE $4
                 ELSE ((g.d::date + t.start_time) AT TIME ZONE $4) - make_interval(mins => $5)
               END) AS b(x)
        WHERE t.id = $1 AND extract(isodow FROM g.d) = t.weekday AND b.x > $3::timestamptz`,
      [templateId, kind, after, timeZone, REMINDER_MINUTES],
    );
    return row?.at ?? null;
  }

  /** Records that a duty change or reminder is done; false if it was done already (a duplicate job). */
  async claim(db: Db, templateId: string, userId: string, kind: DutyKind, at: Date): Promise<boolean> {
    const rows = await db.query(`INSERT INTO shift_duty_runs (template_id, user_id, kind, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`, [
      templateId,
      userId,
      kind,
      at,
    ]);
    return rows.length > 0;
  }

  /** Done duty changes older than `before` (only needed to stop a duplicate job of the same instant). */
  async purgeRuns(db: Db, before: Date): Promise<number> {
    return (await db.query(`DELETE FROM shift_duty_runs WHERE at < $1 RETURNING 1`, [before])).length;
  }
}
