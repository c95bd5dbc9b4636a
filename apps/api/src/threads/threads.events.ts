import type { ThreadMessage, ThreadSummary } from '@centinela/contracts';
import type { DomainEvent } from '../common/events/domain-event.js';

/** A thread changed: a new message, read, turned into a sighting. */
export class ThreadUpdated implements DomainEvent {
  static readonly type = 'threads.updated';
  readonly type = ThreadUpdated.type;
  constructor(readonly thread: ThreadSummary) {}
}

/** A message in a thread arrived, was sent, or its delivery status changed. */
export class ThreadMessageChanged implements DomainEvent {
  static readonly type = 'threads.message';
  readonly type = ThreadMessageChanged.type;
  constructor(readonly message: ThreadMessage) {}
}
