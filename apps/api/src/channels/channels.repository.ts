import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';
import type { DeliveryStatus, MessagingChannel } from './channel.types.js';

export type OutboundRow = { id: string; providerMessageId: string | null; status: DeliveryStatus; created: boolean };

/** How far along a status is: a late callback never moves a message back (Twilio's callbacks may arrive out of order). */
export const STATUS_RANK: Record<DeliveryStatus, number> = { queued: 0, sent: 1, delivered: 2, undelivered: 3, failed: 3 };

/** All SQL of the channel layer: processed provider ids, outbound messages, opt-outs. */
@Injectable()
export class ChannelsRepository {
  /** Claims a provider message id; false when it was processed (or is being processed) already. */
  async claimInbound(db: Db, channel: MessagingChannel, providerMessageId: string): Promise<boolean> {
    const rows = await db.query(
      `INSERT INTO channel_inbound (channel, provider_message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING provider_message_id`,
      [channel, providerMessageId],
    );
    return rows.length === 1;
  }

  /** Gives a claim back (its processing failed), so the provider's retry is processed. */
  async releaseInbound(db: Db, channel: MessagingChannel, providerMessageId: string): Promise<void> {
    await db.query('DELETE FROM channel_inbound WHERE channel = $1 AND provider_message_id = $2', [channel, providerMessageId]);
  }

  /** The outbound row of a ref, created if new (`created` tells which). */
  async outbound(
    db: Db,
    input: { channel: MessagingChannel; ref: string; addressHash: string; address: Buffer; sealedKey: string | null },
  ): Promise<OutboundRow> {
    const inserted = await db.query<OutboundRow>(
      `INSERT INTO channel_messages (channel, ref, recipient_hash, recipient, sealed_key) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (ref) DO NOTHING
       RETURNING id, provider_message_id AS "providerMessageId", status, true AS created`,
      [input.channel, input.ref, input.addressHash, input.address, input.sealedKey],
    );
    if (inserted[0]) return inserted[0];
    const [row] = await db.query<OutboundRow>(
      `SELECT id, provider_message_id AS "providerMessageId", status, false AS created FROM channel_messages WHERE ref = $1`,
      [input.ref],
    );
    return row!;
  }

  async setOutcome(db: Db, id: string, outcome: { providerMessageId: string | null; status: DeliveryStatus; errorCode: string | null }): Promise<void> {
    await db.query(`UPDATE channel_messages SET provider_message_id = $2, status = $3, error_code = $4, updated_at = now() WHERE id = $1`, [
      id,
      outcome.providerMessageId,
      outcome.status,
      outcome.errorCode,
    ]);
  }

  /**
   * A status callback: moves the message forward (never back); returns our row id when it moved, null when the
   * message is not ours (bulk `deliver`) or the callback is stale.
   */
  async reportStatus(db: Db, providerMessageId: string, status: DeliveryStatus, errorCode: string | null): Promise<{ id: string } | null> {
    const [row] = await db.query<{ id: string }>(
      `UPDATE channel_messages SET status = $2, error_code = coalesce($3, error_code), updated_at = now()
        WHERE provider_message_id = $1
          AND (CASE status WHEN 'queued' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 ELSE 3 END) < $4
       RETURNING id`,
      [providerMessageId, status, errorCode, STATUS_RANK[status]],
    );
    return row ?? null;
  }

  async messageOf(db: Db, providerMessageId: string): Promise<{ id: string } | null> {
    const [row] = await db.query<{ id: string }>('SELECT id FROM channel_messages WHERE provider_message_id = $1', [providerMessageId]);
    return row ?? null;
  }

  /** Records an opt-out; false when the address had opted out already (so it is confirmed only once). */
  async optOut(db: Db, channel: MessagingChannel, addressHash: string): Promise<boolean> {
    const rows = await db.query(`INSERT INTO channel_opt_outs (channel, sender_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING channel`, [
      channel,
      addressHash,
    ]);
    return rows.length === 1;
  }

  /** Removes an opt-out; false when there was none. */
  async optIn(db: Db, channel: MessagingChannel, addressHash: string): Promise<boolean> {
    const rows = await db.query('DELETE FROM channel_opt_outs WHERE channel = $1 AND sender_hash = $2 RETURNING channel', [channel, addressHash]);
    return rows.length === 1;
  }

  async isOptedOut(db: Db, channel: MessagingChannel, addressHash: string): Promise<boolean> {
    const rows = await db.query('SELECT 1 FROM channel_opt_outs WHERE channel = $1 AND sender_hash = $2', [channel, addressHash]);
    return rows.length === 1;
  }

  /** Outbound rows (status, sealed recipient) sent before `before`. */
  async purgeOutbound(db: Db, before: Date): Promise<number> {
    const rows = await db.query('DELETE FROM channel_messages WHERE created_at < $1 RETURNING id', [before]);
    return rows.length;
  }

  async purgeInbound(db: Db, before: Date): Promise<number> {
    const rows = await db.query('DELETE FROM channel_inbound WHERE received_at < $1 RETURNING provider_message_id', [before]);
    return rows.length;
  }
}
