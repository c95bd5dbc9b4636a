import type { DomainEvent } from '../common/events/domain-event.js';

/** The cluster topic on which ended sessions are announced to every API process. */
export const SESSIONS_TOPIC = 'sessions';

/**
 * Sessions ended (signed out, or a coordinator ended someone's access): every process forgets their tokens and
 * disconnects their sockets. Other processes hear of it through the cluster channel when it commits.
 */
export class SessionsEnded implements DomainEvent {
  static readonly type = 'sessions.ended';
  readonly type = SessionsEnded.type;
  constructor(readonly sessionIds: readonly string[]) {}

  get cluster() {
    return { topic: SESSIONS_TOPIC, data: { ids: this.sessionIds } };
  }
}

/**
 * This process may have missed ended sessions (its LISTEN connection was lost, or a version gap): it forgot every
 * remembered token, and its sockets whose sessions no longer exist are to be disconnected. Local only.
 */
export class SessionsResynced implements DomainEvent {
  static readonly type = 'sessions.resynced';
  readonly type = SessionsResynced.type;
}
