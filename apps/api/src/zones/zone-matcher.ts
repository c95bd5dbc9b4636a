import type { ZoneRef } from '@centinela/contracts';
import { ZoneIndex } from '@centinela/geo';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import type { MultiPolygon } from 'geojson';
import { EventBus } from '../common/events/event-bus.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ZoneDeleted, ZoneIndexRebuilt, ZoneUpserted } from './zones.events.js';
import { ZonesRepository } from './zones.repository.js';

/**
 * Which zones cover a point, answered from memory on the hot path (report → match → ping).
 * PostGIS stays the truth: the index is loaded from it at start and rebuilt from committed zone events.
 * One API process owns its index; running several needs a cross-process signal (see README).
 */
@Injectable()
export class ZoneMatcher implements OnApplicationBootstrap {
  private readonly zones = new Map<string, { id: string; name: string; area: MultiPolygon }>();
  private index = new ZoneIndex([]);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly bus: EventBus,
    private readonly repository: ZonesRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
  }

  async reload(): Promise<void> {
    this.zones.clear();
    for (const zone of await this.repository.list(this.uow.db)) this.zones.set(zone.id, zone);
    await this.rebuild();
  }

  match(lon: number, lat: number): ZoneRef[] {
    return this.index.match(lon, lat).map((id) => ({ id, name: this.zones.get(id)!.name }));
  }

  nameOf(id: string): string | undefined {
    return this.zones.get(id)?.name;
  }

  /** Every zone, as the index holds it. */
  all(): { id: string; name: string; area: MultiPolygon }[] {
    return [...this.zones.values()];
  }

  @OnDomainEvent(ZoneUpserted)
  onUpserted({ zone }: ZoneUpserted): Promise<void> {
    this.zones.set(zone.id, zone);
    return this.rebuild();
  }

  @OnDomainEvent(ZoneDeleted)
  onDeleted({ id }: ZoneDeleted): Promise<void> {
    this.zones.delete(id);
    return this.rebuild();
  }

  /** Rebuilds the index, then tells what depends on zone shapes (live locations' zones, coverage samples). */
  private async rebuild(): Promise<void> {
    this.index = new ZoneIndex([...this.zones.values()]);
    await this.bus.deliver([new ZoneIndexRebuilt()]);
  }
}
