import type { AlertAudience, AlertChannel, AlertLanguage, DeliveryCount } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';
import { audienceWhere } from './subscribers.repository.js';
import { publishing } from './went-out.js';

export type Claimed = { id: string; subscriberId: string | null; channel: AlertChannel; language: AlertLanguage; attempts: number };
/** A row a worker handed to a provider and never recorded (the sweeper's question to the provider). */
export type InFlight = {
  id: string;
  alertId: string;
  subscriberId: string | null;
  channel: AlertChannel;
  language: AlertLanguage;
  batch: number;
  claim: string;
  since: Date;
};
/** What became of a message handed to a provider: sent (the provider's id), failed (its code), else back to the queue. */
export type SendOutcome = { id: string; sent?: string; failed?: string };
export type LanguageChoice = { languages: readonly AlertLanguage[]; fallback: AlertLanguage };

/** The variant a subscriber gets: their language if written, else the fallback. Parameters $L (text[]) and $F. */
const variantOf = (l: string, f: string) => `CASE WHEN s.language = ANY(${l}::text[]) THEN s.language ELSE ${f} END`;

/**
 * Batches of one channel each, numbered so channels alternate (sms, whatsapp, telegram, webpush, sms…): jobs run in
 * that order, so every provider sends at its own pace from the start. Parameter: the batch size.
 */
const batchOf = (size: string) =>
  `(((row_number() OVER (PARTITION BY s.channel ORDER BY s.id)) - 1) / ${size}) * 4 + array_position(ARRAY['sms', 'whatsapp', 'telegram', 'webpush'], s.channel) - 1`;

/** One row per (alert, recipient), the fan-out's claims, the provider's reports. */
@Injectable()
export class DeliveriesRepository {
  /** Creates the recipients of an alert from its audience, numbered into batches; returns the batch numbers. */
  async createForAudience(
    db: Db,
    alertId: string,
    audience: AlertAudience,
    zoneIds: readonly string[],
    channels: readonly AlertChannel[],
    choice: LanguageChoice,
    batchSize: number,
    now: Date,
  ): Promise<number[]> {
    const rows = await db.query<{ batch: number }>(
      `WITH r AS (
         INSERT INTO alert_deliveries (alert_id, subscriber_id, channel, language, batch, updated_at)
         SELECT $3, s.id, s.channel, ${variantOf('$4', '$5')}, ${batchOf('$6')}, $7
           FROM alert_subscribers s WHERE ${audienceWhere(audience)} AND s.channel = ANY($2::text[])
         ON CONFLICT (alert_id, subscriber_id) DO NOTHING RETURNING batch)
       SELECT DISTINCT batch FROM r ORDER BY batch`,
      [zoneIds, channels, alertId, choice.languages, choice.fallback, batchSize, now],
    );
    return rows.map((r) => r.batch);
  }

  /** A correction's recipients: exactly those the original reached (sent or delivered), on the same channels. */
  async createForCorrection(db: Db, alertId: string, originalId: string, choice: LanguageChoice, batchSize: number, now: Date): Promise<number[]> {
    const rows = await db.query<{ batch: number }>(
      `WITH r AS (
         INSERT INTO alert_deliveries (alert_id, subscriber_id, channel, language, batch, updated_at)
         SELECT $1, s.id, s.channel, ${variantOf('$3', '$4')}, ${batchOf('$5')}, $6
           FROM alert_deliveries o JOIN alert_subscribers s ON s.id = o.subscriber_id
          WHERE o.alert_id = $2 AND o.status IN ('sent', 'delivered')
         ON CONFLICT (alert_id, subscriber_id) DO NOTHING RETURNING batch)
       SELECT DISTINCT batch FROM r ORDER BY batch`,
      [alertId, originalId, choice.languages, choice.fallback, batchSize, now],
    );
    return rows.map((r) => r.batch);
  }

  /** Who received the original, per channel × their language (for a correction's estimate). */
  async receivedCounts(db: Db, originalId: string): Promise<{ channel: AlertChannel; language: AlertLanguage; recipients: number }[]> {
    return db.query(
      `SELECT s.channel, s.language, count(*)::int AS recipients FROM alert_deliveries o JOIN alert_subscribers s ON s.id = o.subscriber_id
        WHERE o.alert_id = $1 AND o.status IN ('sent', 'delivered') GROUP BY s.channel, s.language ORDER BY s.channel, s.language`,
      [originalId],
    );
  }

  /**
   * Takes up to `limit` queued recipients of a batch for this worker's claim (SKIP LOCKED: two workers never take the
   * same row), only while the alert is `sending`: read FOR SHARE, so a pause or cancel (FanOut.stop locks the alert
   * first) commits either before (nothing claimed) or after, and takes the claimed rows back. Claimed is not sent:
   * `startSending` hands rows to the provider a slice at a time.
   */
  async claim(db: Db, alertId: string, batch: number, limit: number, claimId: string, now: Date): Promise<Claimed[]> {
    return db.query<Claimed>(
      `WITH sending AS (SELECT id FROM alerts WHERE id = $1 AND status = 'sending' FOR SHARE)
       UPDATE alert_deliveries d SET status = 'claimed', claim = $5, updated_at = $4
        WHERE d.id IN (SELECT id FROM alert_deliveries WHERE alert_id = (SELECT id FROM sending) AND batch = $2 AND status = 'queued'
                        ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING d.id, d.subscriber_id AS "subscriberId", d.channel, d.language, d.attempts`,
      [alertId, batch, limit, now, claimId],
    );
  }

  /**
   * The slice `ids` goes to the provider now: those rows still held by this claim become `sending` (an attempt
   * more). Rows a pause, a cancel or the sweeper took back are not in the answer, so they are not sent. Returns
   * each row that may go, with its attempt number.
   */
  async startSending(db: Db, ids: readonly string[], claimId: string, now: Date): Promise<Map<string, number>> {
    const rows = await db.query<{ id: string; attempts: number }>(
      `UPDATE alert_deliveries SET status = 'sending', attempts = attempts + 1, updated_at = $3
        WHERE id = ANY($1::uuid[]) AND claim = $2 AND status = 'claimed' RETURNING id, attempts`,
      [ids, claimId, now],
    );
    return new Map(rows.map((r) => [r.id, r.attempts]));
  }

  /**
   * One message at a time (see AlertSender.sendInTurn), in one statement: records the outcome of the message that
   * went last (`done`: sent, failed, or back to the queue for a retry; only if still in flight under this claim) and
   * starts the next one as `startSending` does. Returns the next one's attempt number, or undefined if it was taken
   * back (a pause, a cancel, the sweeper).
   */
  async step(db: Db, claimId: string, done: SendOutcome | null, nextId: string | null, now: Date): Promise<number | undefined> {
    const status = !done ? null : done.sent !== undefined ? 'sent' : done.failed !== undefined ? 'failed' : 'queued';
    const rows = await db.query<{ id: string; attempts: number; status: string }>(
      publishing(
        `UPDATE alert_deliveries d
            SET status = x.status, attempts = d.attempts + (x.status = 'sending')::int,
                provider_message_id = coalesce(x.pid, d.provider_message_id), error_code = coalesce(x.code, d.error_code),
                claim = CASE WHEN x.status = 'queued' THEN NULL ELSE d.claim END, updated_at = $7
           FROM (VALUES ($1::uuid, $2::text, $3::text, $4::text, 'sending'), ($5::uuid, 'sending', NULL, NULL, 'claimed')) AS x(id, status, pid, code, was)
          WHERE d.id = x.id AND d.claim = $6 AND d.status = x.was
          RETURNING d.id, d.attempts, d.status, d.alert_id`,
        '$7::timestamptz',
      ),
      [done?.id ?? null, status, done?.sent ?? null, done?.failed ?? null, nextId, claimId, now],
    );
    return rows.find((r) => r.id === nextId && r.status === 'sending')?.attempts;
  }

  /** A worker still at work on its claim: its claimed rows get a new lease (the sweeper takes back old ones). */
  async renewClaim(db: Db, claimId: string, now: Date): Promise<void> {
    await db.query(`UPDATE alert_deliveries SET updated_at = $2 WHERE claim = $1 AND status = 'claimed'`, [claimId, now]);
  }

  /** Records sends the provider took; only rows still in flight under the claim that sent them. */
  async markSent(db: Db, sent: readonly { id: string; providerMessageId: string; claim: string }[], now: Date): Promise<void> {
    if (sent.length === 0) return;
    await db.query(
      publishing(
        `UPDATE alert_deliveries d SET status = 'sent', provider_message_id = x.pid, updated_at = $3
           FROM unnest($1::uuid[], $2::text[], $4::uuid[]) AS x(id, pid, claim) WHERE d.id = x.id AND d.status = 'sending' AND d.claim = x.claim
         RETURNING d.alert_id, d.status`,
        '$3::timestamptz',
      ),
      [sent.map((s) => s.id), sent.map((s) => s.providerMessageId), now, sent.map((s) => s.claim)],
    );
  }

  async markFailed(db: Db, failed: readonly { id: string; code: string; claim: string }[], now: Date): Promise<void> {
    if (failed.length === 0) return;
    await db.query(
      `UPDATE alert_deliveries d SET status = 'failed', error_code = x.code, updated_at = $3
         FROM unnest($1::uuid[], $2::text[], $4::uuid[]) AS x(id, code, claim) WHERE d.id = x.id AND d.status = 'sending' AND d.claim = x.claim`,
      [failed.map((f) => f.id), failed.map((f) => f.code), now, failed.map((f) => f.claim)],
    );
  }

  /**
   * Gives rows back to the queue (a retry after 429/5xx, a send that never reached the provider); only rows still
   * under the claim named, so a worker that lost its rows to the sweeper cannot take them back from another.
   */
  async release(db: Db, rows: readonly { id: string; claim: string }[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `UPDATE alert_deliveries d SET status = 'queued', claim = NULL, updated_at = $2
         FROM unnest($1::uuid[], $3::uuid[]) AS x(id, claim) WHERE d.id = x.id AND d.status IN ('claimed', 'sending') AND d.claim = x.claim`,
      [rows.map((r) => r.id), now, rows.map((r) => r.claim)],
    );
  }

  /** What a claim did not get to send (its worker stopped: a pause, a failure of ours) goes back to the queue. */
  async releaseClaim(db: Db, claimId: string, now: Date): Promise<void> {
    await db.query(`UPDATE alert_deliveries SET status = 'queued', claim = NULL, updated_at = $2 WHERE claim = $1 AND status = 'claimed'`, [claimId, now]);
  }

  /** A pause: every held row of the alert back to the queue; the workers' next slice finds nothing to send. */
  async releaseClaimed(db: Db, alertId: string, now: Date): Promise<void> {
    await db.query(`UPDATE alert_deliveries SET status = 'queued', claim = NULL, updated_at = $2 WHERE alert_id = $1 AND status = 'claimed'`, [alertId, now]);
  }

  /** Rows held but never handed to a provider by a worker gone for longer than `cutoff`: back to the queue. */
  async requeueAbandoned(db: Db, cutoff: Date, now: Date): Promise<{ alertId: string; batch: number }[]> {
    return db.query(
      `WITH r AS (UPDATE alert_deliveries SET status = 'queued', claim = NULL, updated_at = $2 WHERE status = 'claimed' AND updated_at < $1 RETURNING alert_id, batch)
       SELECT DISTINCT alert_id AS "alertId", batch FROM r`,
      [cutoff, now],
    );
  }

  /** Rows handed to a provider before `cutoff` and never recorded: their worker died mid-send. */
  async inFlight(db: Db, cutoff: Date, limit: number): Promise<InFlight[]> {
    return db.query<InFlight>(
      `SELECT id, alert_id AS "alertId", subscriber_id AS "subscriberId", channel, language, batch, claim, updated_at AS "since"
         FROM alert_deliveries WHERE status = 'sending' AND updated_at < $1 ORDER BY updated_at LIMIT $2`,
      [cutoff, limit],
    );
  }

  async queuedBatches(db: Db, alertId: string): Promise<number[]> {
    const rows = await db.query<{ batch: number }>(`SELECT DISTINCT batch FROM alert_deliveries WHERE alert_id = $1 AND status = 'queued' ORDER BY batch`, [
      alertId,
    ]);
    return rows.map((r) => r.batch);
  }

  async cancelQueued(db: Db, alertId: string, now: Date): Promise<number> {
    return (
      await db.query<{ id: string }>(
        `UPDATE alert_deliveries SET status = 'cancelled', claim = NULL, updated_at = $2 WHERE alert_id = $1 AND status IN ('queued', 'claimed') RETURNING id`,
        [alertId, now],
      )
    ).length;
  }

  /** A provider's status report; returns the alert it belongs to, if it is one of ours. Never goes back (delivered stays delivered). */
  async report(
    db: Db,
    providerMessageId: string,
    channel: string,
    status: 'sent' | 'delivered' | 'failed',
    errorCode: string | null,
    now: Date,
  ): Promise<string | null> {
    const [row] = await db.query<{ alertId: string }>(
      publishing(
        `UPDATE alert_deliveries SET status = $3, error_code = coalesce($4, error_code), updated_at = $5
          WHERE provider_message_id = $1 AND channel = $2 AND status IN ('sending', 'sent') AND status <> $3
          RETURNING alert_id, alert_id AS "alertId", status`,
        '$5::timestamptz',
      ),
      [providerMessageId, channel, status, errorCode, now],
    );
    return row?.alertId ?? null;
  }

  /** The live counts: the sum of the alert's tallies (see migration AlertDeliveryTallies), not a count of its rows. */
  async counts(db: Db, alertId: string): Promise<{ counts: DeliveryCount[]; failures: { channel: AlertChannel; errorCode: string; count: number }[] }> {
    const rows = await db.query<{ channel: AlertChannel; language: AlertLanguage; status: string; errorCode: string | null; count: number }>(
      `SELECT channel, language, status, error_code AS "errorCode", sum(n)::int AS count FROM alert_delivery_tallies
        WHERE alert_id = $1 GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`,
      [alertId],
    );
    const counts = new Map<string, DeliveryCount>();
    const failures = new Map<string, { channel: AlertChannel; errorCode: string; count: number }>();
    for (const r of rows) {
      const status = (r.status === 'claimed' || r.status === 'sending' ? 'queued' : r.status) as DeliveryCount['status'];
      const key = `${r.channel} ${r.language} ${status}`;
      const c = counts.get(key) ?? { channel: r.channel, language: r.language, status, count: 0 };
      c.count += r.count;
      counts.set(key, c);
      if (r.status === 'failed' && r.errorCode !== null) {
        const f = failures.get(`${r.channel} ${r.errorCode}`) ?? { channel: r.channel, errorCode: r.errorCode, count: 0 };
        f.count += r.count;
        failures.set(`${r.channel} ${r.errorCode}`, f);
      }
    }
    const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return {
      counts: [...counts.values()].sort((a, b) => order(a.channel, b.channel) || order(a.language, b.language) || order(a.status, b.status)),
      failures: [...failures.values()].sort((a, b) => order(a.channel, b.channel) || order(a.errorCode, b.errorCode)),
    };
  }

  /**
   * Folds the tallies of alerts that have more than one row per group into one row per group (the sweeper, every
   * minute), and drops those of alerts that are gone. One statement: tallies appended meanwhile are not in its
   * snapshot and stay as they are.
   */
  async foldTallies(db: Db): Promise<void> {
    await db.query(
      `WITH todo AS (
         SELECT alert_id FROM alert_delivery_tallies GROUP BY alert_id
         HAVING count(*) > count(DISTINCT (channel, language, status, coalesce(error_code, '')))
             OR NOT EXISTS (SELECT 1 FROM alerts a WHERE a.id = alert_id)
       ), folded AS (
         DELETE FROM alert_delivery_tallies WHERE alert_id IN (SELECT alert_id FROM todo)
         RETURNING alert_id, channel, language, status, error_code, n)
       INSERT INTO alert_delivery_tallies (alert_id, channel, language, status, error_code, n)
       SELECT f.alert_id, f.channel, f.language, f.status, f.error_code, sum(f.n) FROM folded f
        WHERE EXISTS (SELECT 1 FROM alerts a WHERE a.id = f.alert_id)
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(f.n) <> 0`,
    );
  }

  async purge(db: Db, cutoff: Date): Promise<number> {
    return (
      await db.query<{ id: string }>(`DELETE FROM alert_deliveries WHERE updated_at < $1 AND status NOT IN ('queued', 'claimed', 'sending') RETURNING id`, [
        cutoff,
      ])
    ).length;
  }
}
