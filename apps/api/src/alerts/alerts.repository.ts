import type { Alert, AlertAudience, AlertChannel, AlertStatus, AlertTemplate, AlertType, AlertVariant } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';
import { isoTimestamp } from '../database/sql.js';
import { imageOfAlert } from './alert-images.repository.js';
import { wentOut, wentOutPublicly } from './went-out.js';

export type AlertRow = Omit<Alert, 'approvalRequired' | 'approval' | 'correctedBy'> & {
  editedBy: string[];
  channelPost: 'none' | 'posting' | 'posted' | 'failed';
  channelPostAt: string | null;
  correctedBy: string | null;
  /** Whether it went out (went-out.ts): what may be retracted or corrected. */
  wentOut: boolean;
};
export type NewAlert = {
  type: AlertType;
  drill: boolean;
  incidentId: string | null;
  audience: AlertAudience;
  channels: AlertChannel[];
  variants: AlertVariant[];
  postToChannel: boolean;
  imageId: string | null;
  userId: string;
  username: string;
  correctionOf: string | null;
  now: Date;
};

const alertColumns = `a.id, a.type, a.status, a.drill, a.incident_id AS "incidentId", a.audience, a.channels, a.variants,
  a.post_to_channel AS "postToChannel", ${imageOfAlert('a')} AS image, a.version,
  json_build_object('userId', a.created_by, 'username', a.created_by_name) AS "createdBy", a.edited_by AS "editedBy",
  ${isoTimestamp('a.created_at')} AS "createdAt", ${isoTimestamp('a.updated_at')} AS "updatedAt",
  CASE WHEN a.started_at IS NULL THEN NULL ELSE ${isoTimestamp('a.started_at')} END AS "startedAt",
  CASE WHEN a.finished_at IS NULL THEN NULL ELSE ${isoTimestamp('a.finished_at')} END AS "finishedAt",
  a.correction_of AS "correctionOf", (SELECT c.id FROM alerts c WHERE c.correction_of = a.id ORDER BY c.created_at DESC LIMIT 1) AS "correctedBy",
  a.channel_post AS "channelPost", CASE WHEN a.channel_post_at IS NULL THEN NULL ELSE ${isoTimestamp('a.channel_post_at')} END AS "channelPostAt",
  CASE WHEN a.published_at IS NULL THEN NULL ELSE ${isoTimestamp('a.published_at')} END AS "publishedAt", ${wentOut('a')} AS "wentOut"`;

/** A correction alert's kind: retraction or correction, as asked (the `drafted` entry of its log). */
const correctionKindOf = (c: string) =>
  `coalesce((SELECT CASE WHEN l.detail->>'kind' = 'retraction' THEN 'retraction' END FROM alert_log l WHERE l.alert_id = ${c}.id AND l.kind = 'drafted' LIMIT 1), 'correction')`;

const templateColumns = `id, type, language, title, body, ${isoTimestamp('updated_at')} AS "updatedAt"`;

/** Alerts, their log and the templates: all of their SQL (approval requests: AlertApprovalsRepository). */
@Injectable()
export class AlertsRepository {
  /**
   * Deletes alerts that never went out — never approved for sending (a draft, one waiting for approval, one cancelled
   * before it started) — and drill alerts no longer sending, last changed before `before`, with their approvals, log
   * and deliveries (cascade). Returns how many.
   */
  async purgeNeverSent(db: Db, before: Date): Promise<number> {
    const rows = await db.query<{ id: string }>(
      `DELETE FROM alerts
        WHERE ((status IN ('draft', 'awaiting_approval', 'cancelled') AND started_at IS NULL AND published_at IS NULL)
               OR (drill AND status NOT IN ('sending', 'paused')))
          AND updated_at < $1 RETURNING id`,
      [before],
    );
    return rows.length;
  }

  /** A deleted account's name on alerts (author), approvals (requester, decider) and the alerts' log becomes its blank name. */
  async renamePerson(db: Db, userId: string, label: string): Promise<void> {
    await db.query('UPDATE alerts SET created_by_name = $2 WHERE created_by = $1', [userId, label]);
    await db.query('UPDATE alert_approvals SET requested_by_name = $2 WHERE requested_by = $1', [userId, label]);
    await db.query('UPDATE alert_approvals SET decided_by_name = $2 WHERE decided_by = $1', [userId, label]);
    await db.query('UPDATE alert_log SET actor = $2 WHERE user_id = $1', [userId, label]);
  }

  async insert(db: Db, a: NewAlert): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO alerts (type, drill, incident_id, audience, channels, variants, post_to_channel, created_by, created_by_name, correction_of, created_at, updated_at, image_id)
       VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8, $9, $10, $11, $11, $12) RETURNING id`,
      [
        a.type,
        a.drill,
        a.incidentId,
        JSON.stringify(a.audience),
        a.channels,
        JSON.stringify(a.variants),
        a.postToChannel,
        a.userId,
        a.username,
        a.correctionOf,
        a.now,
        a.imageId,
      ],
    );
    return row!.id;
  }

  async find(db: Db, id: string, options: { lock?: boolean } = {}): Promise<AlertRow | null> {
    if (options.lock) await db.query(`SELECT 1 FROM alerts WHERE id = $1 FOR UPDATE`, [id]);
    const [row] = await db.query<AlertRow>(`SELECT ${alertColumns} FROM alerts a WHERE a.id = $1`, [id]);
    return row ?? null;
  }

  async list(db: Db, q: { status?: AlertStatus | undefined; drill?: boolean | undefined; limit: number }): Promise<AlertRow[]> {
    return db.query<AlertRow>(
      `SELECT ${alertColumns} FROM alerts a WHERE ($1::text IS NULL OR a.status = $1) AND ($2::boolean IS NULL OR a.drill = $2)
        ORDER BY a.created_at DESC LIMIT $3`,
      [q.status ?? null, q.drill ?? null, q.limit],
    );
  }

  /** Alerts that went out to the public (went-out.ts), newest first: the public feeds. */
  async published(db: Db, limit: number): Promise<AlertRow[]> {
    return db.query<AlertRow>(`SELECT ${alertColumns} FROM alerts a WHERE ${wentOutPublicly('a')} ORDER BY a.started_at DESC LIMIT $1`, [limit]);
  }

  /** One alert, only if it went out to the public (went-out.ts): the public CAP message and page. */
  async findPublished(db: Db, id: string): Promise<AlertRow | null> {
    const [row] = await db.query<AlertRow>(`SELECT ${alertColumns} FROM alerts a WHERE a.id = $1 AND ${wentOutPublicly('a')}`, [id]);
    return row ?? null;
  }

  /** The latest correction or retraction of an alert that went out to the public, with which of the two it is. */
  async publishedCorrectionOf(db: Db, id: string): Promise<{ id: string; sentAt: string; kind: 'retraction' | 'correction' } | null> {
    const [row] = await db.query<{ id: string; sentAt: string; kind: 'retraction' | 'correction' }>(
      `SELECT c.id, ${isoTimestamp('c.started_at')} AS "sentAt", ${correctionKindOf('c')} AS kind
         FROM alerts c WHERE c.correction_of = $1 AND ${wentOutPublicly('c')} ORDER BY c.started_at DESC LIMIT 1`,
      [id],
    );
    return row ?? null;
  }

  /** Whether a correction alert retracts or corrects (as asked: its `drafted` log entry). */
  async correctionKind(db: Db, correctionId: string): Promise<'retraction' | 'correction'> {
    const [row] = await db.query<{ kind: 'retraction' | 'correction' }>(`SELECT ${correctionKindOf('c')} AS kind FROM alerts c WHERE c.id = $1`, [
      correctionId,
    ]);
    return row?.kind ?? 'correction';
  }

  async update(
    db: Db,
    id: string,
    c: {
      type: AlertType;
      drill: boolean;
      incidentId: string | null;
      audience: AlertAudience;
      channels: AlertChannel[];
      variants: AlertVariant[];
      postToChannel: boolean;
      imageId: string | null;
    },
    userId: string,
    now: Date,
  ): Promise<void> {
    await db.query(
      `UPDATE alerts SET type = $2, drill = $3, incident_id = $4, audience = $5, channels = $6::text[], variants = $7, post_to_channel = $8, image_id = $11,
              edited_by = CASE WHEN $9::uuid = ANY(edited_by) THEN edited_by ELSE edited_by || $9::uuid END,
              version = version + 1, updated_at = $10, status = 'draft'
        WHERE id = $1`,
      [id, c.type, c.drill, c.incidentId, JSON.stringify(c.audience), c.channels, JSON.stringify(c.variants), c.postToChannel, userId, now, c.imageId],
    );
  }

  async setStatus(db: Db, id: string, status: AlertStatus, now: Date, extra: { started?: boolean; finished?: boolean } = {}): Promise<void> {
    await db.query(
      `UPDATE alerts SET status = $2, updated_at = $3, version = version + 1,
              started_at = CASE WHEN $4 THEN coalesce(started_at, $3) ELSE started_at END,
              finished_at = CASE WHEN $5 THEN $3 ELSE finished_at END
        WHERE id = $1`,
      [id, status, now, extra.started ?? false, extra.finished ?? false],
    );
  }

  /** Marks a sending alert sent (and public: went-out.ts) when none of its deliveries is waiting any more; true if it did. */
  async finishIfDone(db: Db, id: string, now: Date): Promise<boolean> {
    const rows = await db.query<{ id: string }>(
      `UPDATE alerts SET status = 'sent', finished_at = $2, updated_at = $2, version = version + 1, published_at = coalesce(published_at, $2)
        WHERE id = $1 AND status = 'sending' AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = $1 AND d.status IN ('queued', 'claimed', 'sending'))
        RETURNING id`,
      [id, now],
    );
    return rows.length > 0;
  }

  /**
   * Claims the channel post (once, whatever the number of processes), only while the alert goes out: a paused one
   * posts when resumed (FanOut.resume), a cancelled one never. False when someone already did or it is not going out.
   */
  async claimChannelPost(db: Db, id: string): Promise<boolean> {
    const rows = await db.query<{ id: string }>(
      `UPDATE alerts SET channel_post = 'posting' WHERE id = $1 AND channel_post = 'none' AND status IN ('sending', 'sent') RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async setChannelPost(db: Db, id: string, status: 'posted' | 'failed', now: Date): Promise<void> {
    await db.query(
      `UPDATE alerts SET channel_post = $2, channel_post_at = $3,
              published_at = CASE WHEN $2 = 'posted' THEN coalesce(published_at, $3) ELSE published_at END
        WHERE id = $1`,
      [id, status, now],
    );
  }

  /** Whether an incident is a drill; null when there is no such incident. */
  async incidentIsDrill(db: Db, incidentId: string): Promise<boolean | null> {
    const [row] = await db.query<{ drill: boolean }>(`SELECT drill FROM incidents WHERE id = $1`, [incidentId]);
    return row ? row.drill : null;
  }

  // Log -------------------------------------------------------------------------------------------------------

  async log(db: Db, e: { alertId: string; at: Date; userId: string | null; actor: string; kind: string; detail: Record<string, unknown> }): Promise<void> {
    await db.query(`INSERT INTO alert_log (alert_id, at, user_id, actor, kind, detail) VALUES ($1, $2, $3, $4, $5, $6)`, [
      e.alertId,
      e.at,
      e.userId,
      e.actor,
      e.kind,
      JSON.stringify(e.detail),
    ]);
  }

  // Templates -------------------------------------------------------------------------------------------------

  async templates(db: Db): Promise<AlertTemplate[]> {
    return db.query<AlertTemplate>(`SELECT ${templateColumns} FROM alert_templates ORDER BY type, language`);
  }

  async insertTemplate(db: Db, t: Omit<AlertTemplate, 'id' | 'updatedAt'>, now: Date): Promise<AlertTemplate | null> {
    const [row] = await db.query<AlertTemplate>(
      `INSERT INTO alert_templates (type, language, title, body, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (type, language) DO NOTHING RETURNING ${templateColumns}`,
      [t.type, t.language, t.title, t.body, now],
    );
    return row ?? null;
  }

  async updateTemplate(db: Db, id: string, c: { title?: string | undefined; body?: string | undefined }, now: Date): Promise<AlertTemplate | null> {
    const [row] = await db.query<AlertTemplate>(
      `UPDATE alert_templates SET title = coalesce($2, title), body = coalesce($3, body), updated_at = $4 WHERE id = $1 RETURNING ${templateColumns}`,
      [id, c.title ?? null, c.body ?? null, now],
    );
    return row ?? null;
  }

  async deleteTemplate(db: Db, id: string): Promise<boolean> {
    return (await db.query<{ id: string }>(`DELETE FROM alert_templates WHERE id = $1 RETURNING id`, [id])).length > 0;
  }
}
