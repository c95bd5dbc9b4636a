import type { Dispatch, Ping } from '@centinela/contracts';
import type { DomainEvent } from '../common/events/domain-event.js';

/** A dispatch changed: started, a new wave, an answer, filled, unfilled, cancelled. */
export class DispatchUpdated implements DomainEvent {
  static readonly type = 'dispatch.updated';
  readonly type = DispatchUpdated.type;
  constructor(readonly dispatch: Dispatch) {}
}

/** Responders were asked to go; each ping goes to its own responder only. */
export class PingsSent implements DomainEvent {
  static readonly type = 'pings.sent';
  readonly type = PingsSent.type;
  constructor(readonly pings: readonly Ping[]) {}
}

/** Pings changed for their responders: their own answer, covered, cancelled, or who else is going. */
export class PingsChanged implements DomainEvent {
  static readonly type = 'pings.changed';
  readonly type = PingsChanged.type;
  constructor(readonly pings: readonly Ping[]) {}
}
