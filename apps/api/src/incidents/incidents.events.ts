import type { IncidentView } from '@centinela/contracts';
import type { DomainEvent } from '../common/events/domain-event.js';

/** Something about these incidents changed; the broadcaster sends their new views once the change committed. */
export class IncidentsTouched implements DomainEvent {
  static readonly type = 'incidents.touched';
  readonly type = IncidentsTouched.type;
  constructor(readonly ids: readonly string[]) {}
}

/** An incident's current view, for everyone watching the map. */
export class IncidentChanged implements DomainEvent {
  static readonly type = 'incident.changed';
  readonly type = IncidentChanged.type;
  constructor(readonly view: IncidentView) {}
}

/** An incident left the live map. */
export class IncidentRemoved implements DomainEvent {
  static readonly type = 'incident.removed';
  readonly type = IncidentRemoved.type;
  constructor(
    readonly id: string,
    readonly reason: 'merged' | 'expired' | 'resolved',
    readonly mergedInto: string | null = null,
  ) {}
}
