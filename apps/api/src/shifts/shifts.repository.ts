import type { CreateShiftTemplate, ShiftAssignee, ShiftRole } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

export type TemplateRow = {
  id: string;
  weekday: number;
  start: string;
  end: string;
  role: ShiftRole;
  zoneId: string | null;
  zoneName: string | null;
  minStaff: number;
  /** Everything a viewer might be shown; ShiftsService.view picks the name each viewer may see. */
  assignees: AssigneeRow[];
};

export type AssigneeRow = Omit<ShiftAssignee, 'name'> & { username: string; alias: string | null; staff: boolean };

export type GapRow = { weekday: number; hour: number; role: ShiftRole; zoneId: string | null; zoneName: string | null; needed: number; assigned: number };

export type AssignmentRow = { id: string; templateId: string; userId: string; offered: boolean; role: ShiftRole };

const TEMPLATE_COLUMNS = `
  t.id, t.weekday, to_char(t.start_time, 'HH24:MI') AS start, to_char(t.end_time, 'HH24:MI') AS "end", t.role,
  t.zone_id AS "zoneId", z.name AS "zoneName", t.min_staff AS "minStaff",
  coalesce((SELECT json_agg(json_build_object('assignmentId', a.id, 'userId', a.user_id, 'username', u.username, 'alias', r.alias,
                                              'staff', u.role <> 'responder', 'offered', a.offered_at IS NOT NULL) ORDER BY a.created_at)
              FROM shift_assignments a JOIN users u ON u.id = a.user_id LEFT JOIN responders r ON r.user_id = u.id
             WHERE a.template_id = t.id), '[]') AS assignees`;

/**
 * A shift's minutes from Monday 00:00 (wall clock, network time): its start and its end (past the start; a shift
 * crossing midnight ends the next day, and Sunday night's shift runs into the next week's Monday).
 */
const WEEK_MINUTES = `
  (t.weekday - 1) * 1440 + extract(hour FROM t.start_time)::int * 60 + extract(minute FROM t.start_time)::int AS s,
  (t.weekday - 1) * 1440 + extract(hour FROM t.end_time)::int * 60 + extract(minute FROM t.end_time)::int
    + CASE WHEN t.end_time <= t.start_time THEN 1440 ELSE 0 END AS e`;

/** All SQL of the weekly schedule: shifts, who is on them, who is on shift at an instant, and the gaps. */
@Injectable()
export class ShiftsRepository {
  async templates(db: Db): Promise<TemplateRow[]> {
    return db.query<TemplateRow>(
      `SELECT ${TEMPLATE_COLUMNS} FROM shift_templates t LEFT JOIN zones z ON z.id = t.zone_id ORDER BY t.weekday, t.start_time, t.role, z.name NULLS FIRST, t.id`,
    );
  }

  async template(db: Db, id: string): Promise<TemplateRow | null> {
    const [row] = await db.query<TemplateRow>(`SELECT ${TEMPLATE_COLUMNS} FROM shift_templates t LEFT JOIN zones z ON z.id = t.zone_id WHERE t.id = $1`, [id]);
    return row ?? null;
  }

  async insertTemplate(db: Db, body: CreateShiftTemplate): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO shift_templates (weekday, start_time, end_time, role, zone_id, min_staff) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [body.weekday, body.start, body.end, body.role, body.zoneId ?? null, body.minStaff],
    );
    return row!.id;
  }

  async setMinStaff(db: Db, id: string, minStaff: number): Promise<boolean> {
    return (await db.query(`UPDATE shift_templates SET min_staff = $2 WHERE id = $1 RETURNING id`, [id, minStaff])).length > 0;
  }

  async deleteTemplate(db: Db, id: string): Promise<boolean> {
    return (await db.query(`DELETE FROM shift_templates WHERE id = $1 RETURNING id`, [id])).length > 0;
  }

  async zoneExists(db: Db, id: string): Promise<boolean> {
    return (await db.query(`SELECT 1 FROM zones WHERE id = $1`, [id])).length > 0;
  }

  /** The role of a user (null if there is no such user). */
  /** The role of an account that can take shifts; null if there is none (or it was deleted). */
  async userRole(db: Db, userId: string): Promise<string | null> {
    const [row] = await db.query<{ role: string }>(`SELECT role FROM users WHERE id = $1 AND deleted_at IS NULL`, [userId]);
    return row?.role ?? null;
  }

  /**
   * Locks the shift (sign-ups to it queue behind each other), then counts who is on it. The count is a statement of
   * its own: it must see the assignments committed while this transaction waited for the lock.
   */
  async lockForSignUp(db: Db, templateId: string): Promise<{ role: ShiftRole; minStaff: number; assigned: number } | null> {
    const [shift] = await db.query<{ role: ShiftRole; minStaff: number }>(
      `SELECT role, min_staff AS "minStaff" FROM shift_templates WHERE id = $1 FOR UPDATE`,
      [templateId],
    );
    if (!shift) return null;
    const [{ assigned }] = (await db.query<{ assigned: number }>(`SELECT count(*)::int AS assigned FROM shift_assignments WHERE template_id = $1`, [
      templateId,
    ])) as [{ assigned: number }];
    return { ...shift, assigned };
  }

  /** Puts a person on a shift; null if they are already on it. */
  async insertAssignment(db: Db, templateId: string, userId: string): Promise<string | null> {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO shift_assignments (template_id, user_id) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT "UQ_shift_assignments_person" DO NOTHING RETURNING id`,
      [templateId, userId],
    );
    return row?.id ?? null;
  }

  async assignment(db: Db, id: string): Promise<AssignmentRow | null> {
    const [row] = await db.query<AssignmentRow>(
      `SELECT a.id, a.template_id AS "templateId", a.user_id AS "userId", a.offered_at IS NOT NULL AS offered, t.role
         FROM shift_assignments a JOIN shift_templates t ON t.id = a.template_id WHERE a.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Takes a person off every shift; the shifts they were on. */
  async deleteAssignmentsOf(db: Db, userId: string): Promise<string[]> {
    const rows = await db.query<{ templateId: string }>(`DELETE FROM shift_assignments WHERE user_id = $1 RETURNING template_id AS "templateId"`, [userId]);
    return rows.map((r) => r.templateId);
  }

  async deleteAssignment(db: Db, id: string): Promise<boolean> {
    return (await db.query(`DELETE FROM shift_assignments WHERE id = $1 RETURNING id`, [id])).length > 0;
  }

  async setOffered(db: Db, id: string, offered: boolean): Promise<void> {
    await db.query(`UPDATE shift_assignments SET offered_at = CASE WHEN $2 THEN now() END WHERE id = $1`, [id, offered]);
  }

  /**
   * Hands an assignment to another person. With `onlyIfOffered` (a swap taken by a colleague) it happens only while
   * the shift is still offered — of two people taking it at once, the second finds it taken. Null when it did not
   * happen (not offered any more, or the person is already on that shift).
   */
  async moveAssignment(db: Db, id: string, userId: string, onlyIfOffered: boolean): Promise<string | null> {
    const [row] = await db.query<{ templateId: string }>(
      `UPDATE shift_assignments a SET user_id = $2, offered_at = NULL
        WHERE a.id = $1 AND ($3 = false OR a.offered_at IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM shift_assignments o WHERE o.template_id = a.template_id AND o.user_id = $2)
        RETURNING a.template_id AS "templateId"`,
      [id, userId, onlyIfOffered],
    );
    return row?.templateId ?? null;
  }

  /**
   * Who is on shift at an instant: the shifts that started on the local day of `at` or the day before (a night
   * shift) and have not ended. Start and end are wall-clock times in `timeZone`, turned into instants for that
   * very date, so a shift keeps its hours across DST changes (a night shift is an hour shorter or longer then).
   */
  async onShift(db: Db, at: Date, role: ShiftRole, timeZone: string): Promise<string[]> {
    const rows = await db.query<{ userId: string }>(
      `SELECT DISTINCT a.user_id AS "userId"
         FROM shift_templates t
         JOIN shift_assignments a ON a.template_id = t.id
        CROSS JOIN LATERAL (VALUES (($1::timestamptz AT TIME ZONE $2)::date), (($1::timestamptz AT TIME ZONE $2)::date - 1)) AS d(day)
        WHERE t.role = $3
          AND extract(isodow FROM d.day) = t.weekday
          AND $1::timestamptz >= ((d.day + t.start_time) AT TIME ZONE $2)
          AND $1::timestamptz < (((d.day + (t.end_time <= t.start_time)::int) + t.end_time) AT TIME ZONE $2)
        ORDER BY 1`,
      [at, timeZone, role],
    );
    return rows.map((r) => r.userId);
  }

  /**
   * Hours of the week (wall clock) where the shifts covering them, for operators or for a zone's responders, have
   * fewer people assigned than their minimums add up to.
   */
  async gaps(db: Db): Promise<GapRow[]> {
    return db.query<GapRow>(
      `WITH t AS (
         SELECT t.role, t.zone_id, t.min_staff, ${WEEK_MINUTES},
                (SELECT count(*) FROM shift_assignments a WHERE a.template_id = t.id) AS n
           FROM shift_templates t),
       cover AS (
         SELECT h.h, t.role, t.zone_id, sum(t.min_staff)::int AS needed, sum(t.n)::int AS assigned
           FROM generate_series(0, 167) AS h(h)
           JOIN t ON (t.s < h.h * 60 + 60 AND t.e > h.h * 60) OR (t.s - 10080 < h.h * 60 + 60 AND t.e - 10080 > h.h * 60)
          GROUP BY h.h, t.role, t.zone_id)
       SELECT c.h / 24 + 1 AS weekday, c.h % 24 AS hour, c.role, c.zone_id AS "zoneId", z.name AS "zoneName", c.needed, c.assigned
         FROM cover c LEFT JOIN zones z ON z.id = c.zone_id
        WHERE c.assigned < c.needed
        ORDER BY c.h, c.role, z.name NULLS FIRST`,
    );
  }
}
