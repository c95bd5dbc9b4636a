import type { PushSubscriptionJson } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

export type StoredSubscription = { endpoint: string; keys: { p256dh: string; auth: string }; responderId: string };

@Injectable()
export class PushSubscriptionsRepository {
  /** Saves a subscription for a responder; a browser re-subscribing with the same endpoint replaces it. */
  async save(db: Db, responderId: string, s: PushSubscriptionJson): Promise<void> {
    await db.query(
      `INSERT INTO push_subscriptions (responder_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)
       ON CONFLICT (endpoint) DO UPDATE SET responder_id = EXCLUDED.responder_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth`,
      [responderId, s.endpoint, s.keys.p256dh, s.keys.auth],
    );
  }

  forResponders(db: Db, responderIds: readonly string[]): Promise<StoredSubscription[]> {
    return db.query(
      `SELECT endpoint, json_build_object('p256dh', p256dh, 'auth', auth) AS keys, responder_id AS "responderId"
         FROM push_subscriptions WHERE responder_id = ANY($1::uuid[])`,
      [responderIds],
    );
  }

  async deleteEndpoint(db: Db, endpoint: string, responderId?: string): Promise<void> {
    await db.query('DELETE FROM push_subscriptions WHERE endpoint = $1 AND ($2::uuid IS NULL OR responder_id = $2)', [endpoint, responderId ?? null]);
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
