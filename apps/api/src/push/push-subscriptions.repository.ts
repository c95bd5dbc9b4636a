import type { PushSubscriptionJson } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { sealedText } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';

export type StoredSubscription = { endpoint: string; keys: { p256dh: string; auth: string }; responderId: string };

/** A subscription as stored: sealed JSON, the key it is sealed under, and the keyed hash of its endpoint. */
export type SealedSubscription = { endpointHash: string; subscription: Buffer; sealedKey: string };

/**
 * Responders' push subscriptions. The endpoint (which names the device to the push service) and its keys are only
 * ever stored sealed; rows are found by a keyed hash of the endpoint (see PushSubscriptions).
 */
@Injectable()
export class PushSubscriptionsRepository {
  /** Saves a subscription for a responder; a browser re-subscribing with the same endpoint replaces it. */
  async save(db: Db, responderId: string, s: SealedSubscription): Promise<void> {
    await db.query(
      `INSERT INTO push_subscriptions (responder_id, endpoint_hash, subscription, sealed_key) VALUES ($1, $2, $3, $4)
       ON CONFLICT (endpoint_hash) DO UPDATE SET responder_id = EXCLUDED.responder_id, subscription = EXCLUDED.subscription, sealed_key = EXCLUDED.sealed_key`,
      [responderId, s.endpointHash, s.subscription, s.sealedKey],
    );
  }

  /** Subscriptions of these responders, opened; one whose key is gone (shredded) is left out. */
  async forResponders(db: Db, responderIds: readonly string[]): Promise<(StoredSubscription & { endpointHash: string })[]> {
    const rows = await db.query<{ subscription: string; responderId: string; endpointHash: string }>(
      `SELECT ${sealedText('subscription')} AS subscription, responder_id AS "responderId", endpoint_hash AS "endpointHash"
         FROM push_subscriptions WHERE responder_id = ANY($1::uuid[])`,
      [responderIds],
    );
    return rows.flatMap((r) => {
      if (!r.subscription) return [];
      const { endpoint, keys } = JSON.parse(r.subscription) as PushSubscriptionJson;
      return [{ endpoint, keys, responderId: r.responderId, endpointHash: r.endpointHash }];
    });
  }

  async deleteEndpoint(db: Db, endpointHash: string, responderId?: string): Promise<void> {
    await db.query('DELETE FROM push_subscriptions WHERE endpoint_hash = $1 AND ($2::uuid IS NULL OR responder_id = $2)', [endpointHash, responderId ?? null]);
  }

  /**
   * Off duty: a responder's subscriptions go, except for responders whose duty follows their shifts (they need
   * the reminder before their next shift; while off duty nothing else is sent to them).
   */
  async deleteOffDuty(db: Db, responderId: string): Promise<void> {
    await db.query('DELETE FROM push_subscriptions WHERE responder_id = $1 AND NOT EXISTS (SELECT 1 FROM shift_duty_followers f WHERE f.responder_id = $1)', [
      responderId,
    ]);
  }

  async deleteForResponder(db: Db, responderId: string): Promise<void> {
    await db.query('DELETE FROM push_subscriptions WHERE responder_id = $1', [responderId]);
  }
}
