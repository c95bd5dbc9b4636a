import type { Zone } from '@centinela/contracts';
import type { DomainEvent } from '../common/events/domain-event.js';

/** A zone was created, redrawn, renamed, or its responders changed. */
export class ZoneUpserted implements DomainEvent {
  static readonly type = 'zone.upserted';
  readonly type = ZoneUpserted.type;
  constructor(readonly zone: Zone) {}
}

export class ZoneDeleted implements DomainEvent {
  static readonly type = 'zone.deleted';
  readonly type = ZoneDeleted.type;
  constructor(readonly id: string) {}
}
