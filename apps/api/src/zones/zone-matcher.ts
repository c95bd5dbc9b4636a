import type { ZoneRef } from '@centinela/contracts';
import { ZoneIndex } from '@centinela/geo';
import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import type { MultiPolygon } from 'geojson';
import { ClusterChannel } from '../cluster/cluster-channel.js';
import { EventBus } from '../common/events/event-bus.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ZoneDeleted, ZoneIndexRebuilt, ZoneUpserted } from './zones.events.js';
import { ZonesRepository } from './zones.repository.js';

/**
 * Which zones cover a point, answered from memory on the hot path (report → match → ping).
 * PostGIS stays the truth: the index is loaded from it at start and rebuilt from committed zone events — this
 * process's own, and other processes' through the cluster channel (topic `zones`, versioned).
 */
@Injectable()
export class ZoneMatcher implements OnModuleInit, OnApplicationBootstrap {
  private readonly zones = new Map<string, { id: string; name: string; area: MultiPolygon }>();
  private index = new ZoneIndex([]);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly bus: EventBus,
    private readonly repository: ZonesRepository,
    private readonly cluster: ClusterChannel,
  ) {}

  onModuleInit(): void {
    this.cluster.subscribe('zones', { apply: (data) => this.reloadOne((data as { id: string }).id), resync: () => this.reload(false) }, { versioned: true });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
  }

  /** Another process changed or deleted a zone: read it again. */
  private async reloadOne(id: string): Promise<void> {
    const zone = await this.repository.findById(this.uow.db, id);
    if (zone) this.zones.set(id, zone);
    else this.zones.delete(id);
    await this.rebuild(false);
  }

  async reload(local = true): Promise<void> {
    this.zones.clear();
    for (const zone of await this.repository.list(this.uow.db)) this.zones.set(zone.id, zone);
    await this.rebuild(local);
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
  private async rebuild(local = true): Promise<void> {
    this.index = new ZoneIndex([...this.zones.values()]);
    await this.bus.deliver([new ZoneIndexRebuilt(local)]);
  }
}
