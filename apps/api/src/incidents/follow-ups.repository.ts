import type { FollowUp, FollowUpKind } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { KeyRing } from '../crypto/key-ring.js';
import { isoTimestamp, sealedText } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';
import { OPEN_RECORD, sealTexts } from '../crypto/sealing.js';

const SELECT = `
  SELECT f.id, f.incident_id AS "incidentId", f.kind, ${sealedText('f.note')} AS note,
         CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'username', u.username) END AS assignee,
         ${isoTimestamp('f.due_at')} AS "dueAt", ${isoTimestamp('f.done_at')} AS "doneAt", ${isoTimestamp('f.created_at')} AS "createdAt"
    FROM follow_ups f LEFT JOIN users u ON u.id = f.assignee_id`;

@Injectable()
export class FollowUpsRepository {
  constructor(private readonly keys: KeyRing) {}

  async insert(
    db: Db,
    f: { incidentId: string; kind: FollowUpKind; note: string; assigneeId: string | null; dueAt: Date; createdBy: string; now: Date },
  ): Promise<FollowUp> {
    const note = sealTexts(this.keys, OPEN_RECORD, { note: f.note });
    const [row] = await db.query<{ id: string }>(
      'INSERT INTO follow_ups (incident_id, kind, note, assignee_id, due_at, created_by, created_at, sealed_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id',
      [f.incidentId, f.kind, note.sealed.note, f.assigneeId, f.dueAt, f.createdBy, f.now, note.keyId],
    );
    return (await this.find(db, row!.id))!;
  }

  async find(db: Db, id: string): Promise<FollowUp | null> {
    const rows = await db.query<FollowUp>(`${SELECT} WHERE f.id = $1`, [id]);
    return rows[0] ?? null;
  }

  ofIncident(db: Db, incidentId: string): Promise<FollowUp[]> {
    return db.query(`${SELECT} WHERE f.incident_id = $1 ORDER BY f.done_at NULLS FIRST, f.due_at`, [incidentId]);
  }

  /** Open follow-ups due by `until` (overdue first), optionally only one person's. */
  due(db: Db, until: Date, assigneeId: string | null): Promise<FollowUp[]> {
    return db.query(`${SELECT} WHERE f.done_at IS NULL AND f.due_at <= $1 AND ($2::uuid IS NULL OR f.assignee_id = $2) ORDER BY f.due_at`, [until, assigneeId]);
  }

  async setDone(db: Db, id: string, doneAt: Date | null): Promise<boolean> {
    return (await db.query('UPDATE follow_ups SET done_at = $2 WHERE id = $1 RETURNING id', [id, doneAt])).length > 0;
  }

  async userExists(db: Db, id: string): Promise<boolean> {
    return (await db.query(`SELECT 1 FROM users WHERE id = $1 AND role IN ('dispatcher', 'coordinator') AND deleted_at IS NULL`, [id])).length > 0;
  }
}
