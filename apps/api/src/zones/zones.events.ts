import type { Zone } from '@centinela/contracts';
import type { DomainEvent } from '../common/events/domain-event.js';

/** A zone was created, redrawn, renamed, or its responders changed. */
export class ZoneUpserted implements DomainEvent {
  static readonly type = 'zone.upserted';
  readonly type = ZoneUpserted.type;
  constructor(readonly zone: Zone) {}
  get cluster() {
    return { topic: 'zones', data: { id: this.zone.id } };
  }
}

export class ZoneDeleted implements DomainEvent {
  static readonly type = 'zone.deleted';
  readonly type = ZoneDeleted.type;
  constructor(readonly id: string) {}
  get cluster() {
    return { topic: 'zones', data: { id: this.id } };
  }
}

/** The in-memory zone index was rebuilt (zones changed here or in another process): what depends on zone shapes recomputes. */
export class ZoneIndexRebuilt implements DomainEvent {
  static readonly type = 'zone.index-rebuilt';
  readonly type = ZoneIndexRebuilt.type;
  /** True when this process made the change (it reports what follows, e.g. responders now inside a zone). */
  constructor(readonly local: boolean) {}
}
