import type { SightingView } from '@centinela/contracts';
import type { DomainEvent } from '../common/events/domain-event.js';

/** A sighting was stored, matched to its zones, and its responders pinged. */
export class SightingCreated implements DomainEvent {
  static readonly type = 'sighting.created';
  readonly type = SightingCreated.type;
  constructor(readonly view: SightingView) {}
}
