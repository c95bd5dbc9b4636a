import type { HotlineCall } from '@centinela/contracts';
import type { DomainEvent } from '../common/events/domain-event.js';

/** A call's current view, for the console (rang, answered, missed, voicemail, call-back taken or done). */
export class CallUpdated implements DomainEvent {
  static readonly type = 'hotline.call-updated';
  readonly type = CallUpdated.type;
  constructor(readonly call: HotlineCall) {}
}

/** Nobody took a call in time: the operators who were rung (or the fallback group) get an SMS and an email. */
export class CallMissed implements DomainEvent {
  static readonly type = 'hotline.call-missed';
  readonly type = CallMissed.type;
  constructor(
    readonly callId: string,
    readonly language: string | null,
    readonly startedAt: Date,
  ) {}
}

/** Phones to ring for a call (its new legs): rung through the provider after the TwiML answer, not before it. */
export class LegsAdded implements DomainEvent {
  static readonly type = 'hotline.legs-added';
  readonly type = LegsAdded.type;
  constructor(
    readonly callId: string,
    readonly legs: readonly { legId: string; userId: string }[],
  ) {}
}

/** Legs that must stop ringing at the provider (someone took the call, or nobody did in time). */
export class LegsStopped implements DomainEvent {
  static readonly type = 'hotline.legs-stopped';
  readonly type = LegsStopped.type;
  constructor(readonly providerSids: readonly string[]) {}
}
