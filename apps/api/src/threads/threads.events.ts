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

/** A sender's first message opened a thread: they get the automatic first reply, after the webhook answered. */
export class ThreadOpened implements DomainEvent {
  static readonly type = 'threads.opened';
  readonly type = ThreadOpened.type;
  constructor(
    readonly threadId: string,
    readonly language: string | null,
  ) {}
}
