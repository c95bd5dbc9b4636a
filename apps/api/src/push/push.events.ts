import type { DomainEvent } from '../common/events/domain-event.js';

/** The push service said a subscription no longer exists (404/410); it was deleted. */
export class PushSubscriptionGone implements DomainEvent {
  static readonly type = 'push.subscription-gone';
  readonly type = PushSubscriptionGone.type;
  constructor(readonly responderId: string) {}
}
