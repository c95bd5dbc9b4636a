import type { ZoneRef } from '@centinela/contracts';
import { ZoneIndex } from '@centinela/geo';
import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import type { MultiPolygon } from 'geojson';
import { ClusterChannel } from '../cluster/cluster-channel.js';
import { EventBus } from '../common/events/event-bus.js';
import { InOrder } from '../common/in-order.js';
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
  /** Changes apply one at a time, in the order they arrive (see Roster.changes): a reload never undoes a later change. */
  private readonly changes = new InOrder();

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
    await this.changes.run(async () => {
      const zone = await this.repository.findById(this.uow.db, id);
      if (zone) this.zones.set(id, zone);
      else this.zones.delete(id);
      this.rebuild();
    });
    await this.rebuilt(false);
  }

  async reload(local = true): Promise<void> {
    await this.changes.run(async () => {
      const zones = await this.repository.list(this.uow.db);
      // Replaced at once, after the read: a sighting must never be matched against a half-loaded set.
      this.zones.clear();
      for (const zone of zones) this.zones.set(zone.id, zone);
      this.rebuild();
    });
    await this.rebuilt(local);
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
  async onUpserted({ zone }: ZoneUpserted): Promise<void> {
    await this.changes.run(() => {
      this.zones.set(zone.id, zone);
      this.rebuild();
    });
    await this.rebuilt();
  }

  @OnDomainEvent(ZoneDeleted)
  async onDeleted({ id }: ZoneDeleted): Promise<void> {
    await this.changes.run(() => {
      this.zones.delete(id);
      this.rebuild();
    });
    await this.rebuilt();
  }

  private rebuild(): void {
    this.index = new ZoneIndex([...this.zones.values()]);
  }

  /** Tells what depends on zone shapes (live locations' zones, coverage samples) that the index was rebuilt. */
  private async rebuilt(local = true): Promise<void> {
    await this.bus.deliver([new ZoneIndexRebuilt(local)]);
  }
}
