import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/unit-of-work.js';
import { type FormerAccount, RetainsData, type RetentionProvider, type RetentionRule, type SealedPurpose } from '../retention/retention-rule.js';
import { PushSubscriptionsRepository } from './push-subscriptions.repository.js';

/** Responders' push subscriptions (endpoint and keys) are sealed under this purpose. */
export const RESPONDER_PUSH = 'responder-push';
/** Their endpoints are found again by a keyed hash under this long-lived purpose. */
export const RESPONDER_PUSH_ENDPOINT = 'responder-push-endpoint';

/**
 * Owner of responders' push subscriptions for the retention job. Rows go as soon as their responder goes off duty or
 * signs out (WebPushSender), so there is nothing to purge by age; a day's `responder-push` key is destroyed once its
 * day is over and no subscription names it, which makes every copy of a deleted endpoint (dead rows, WAL, dumps)
 * unreadable.
 */
@Injectable()
@RetainsData()
export class PushRetention implements RetentionProvider {
  constructor(private readonly subscriptions: PushSubscriptionsRepository) {}

  retentionRules(): RetentionRule[] {
    return [
      {
        what: 'Push subscriptions (endpoint and keys sealed; a keyed hash of the endpoint)',
        keptFor: () =>
          'until the responder goes off duty or signs out (kept off duty for responders whose duty follows their shifts, for the reminder before the next one); the day’s key is destroyed once no subscription names it',
        why: 'pings reach a phone only while its owner is on duty; an endpoint names the device to the push service',
        purge: () => Promise.resolve(0),
      },
    ];
  }

  /** A deleted responder's phones: every subscription, whatever their duty or shifts. */
  async forgetAccount(tx: Tx, { responderId }: FormerAccount): Promise<void> {
    if (responderId) await this.subscriptions.deleteForResponder(tx.db, responderId);
  }

  sealedPurposes(): SealedPurpose[] {
    return [{ purpose: RESPONDER_PUSH, minAgeMs: 0, references: [{ table: 'push_subscriptions', column: 'sealed_key' }] }];
  }
}
