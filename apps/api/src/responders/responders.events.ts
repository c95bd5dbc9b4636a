import type { Responder } from '@centinela/contracts';
import type { DomainEvent } from '../common/events/domain-event.js';
import type { LiveLocation } from '@centinela/contracts';

/** A responder was created, went on or off duty, or their profile or zones changed. */
export class ResponderUpdated implements DomainEvent {
  static readonly type = 'responder.updated';
  readonly type = ResponderUpdated.type;
  constructor(readonly responder: Responder) {}
  get cluster() {
    return { topic: 'responders', data: { id: this.responder.id } };
  }
}

/**
 * The roster held in this process changed (here, or in another process and reloaded): what is computed from it
 * (coverage) recomputes. Local to a process; never sent to sockets.
 */
export class RosterChanged implements DomainEvent {
  static readonly type = 'roster.changed';
  readonly type = RosterChanged.type;
}

/** A responder's live location changed, or was forgotten (null): off duty, stopped sharing, or stale. */
export class ResponderMoved implements DomainEvent {
  static readonly type = 'responder.moved';
  readonly type = ResponderMoved.type;
  constructor(
    readonly responderId: string,
    readonly alias: string,
    readonly location: LiveLocation | null,
  ) {}
}

/** A responder's live location entered or left a zone. */
export class ZoneCrossed implements DomainEvent {
  static readonly type = 'responder.zone';
  readonly type = ZoneCrossed.type;
  constructor(
    readonly responderId: string,
    readonly alias: string,
    readonly zoneId: string,
    readonly zoneName: string,
    readonly change: 'entered' | 'exited',
    readonly at: string,
  ) {}
}

/** Locations shared by other processes arrived in this process's copy (coverage recomputes). Local to a process. */
export class LocationsChanged implements DomainEvent {
  static readonly type = 'locations.changed';
  readonly type = LocationsChanged.type;
}

/** A responder's account was deleted: they are no longer on the roster (their profile is a blank kept for the record). */
export class ResponderRemoved implements DomainEvent {
  static readonly type = 'responder.removed';
  readonly type = ResponderRemoved.type;
  constructor(readonly responderId: string) {}
  get cluster() {
    return { topic: 'responders', data: { id: this.responderId } };
  }
}
