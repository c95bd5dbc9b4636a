import type { DomainEvent } from '../common/events/domain-event.js';
import type { AuthUser } from './token.service.js';

/** Someone signed out on a device: what was tied to that session (push subscriptions, claims) is released. */
export class SignedOut implements DomainEvent {
  static readonly type = 'auth.signed-out';
  readonly type = SignedOut.type;
  /** Who: the device's user, or the account whose access a coordinator ended (every device at once). */
  constructor(readonly user: Pick<AuthUser, 'id' | 'role' | 'responderId'>) {}
}
