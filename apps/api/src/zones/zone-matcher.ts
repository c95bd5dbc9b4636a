import type { ZoneRef } from '@centinela/contracts';
import { ZoneIndex } from '@centinela/geo';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { MultiPolygon } from 'geojson';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ZoneDeleted, ZoneUpserted } from './zones.events.js';
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
  private readonly changeListeners: (() => void)[] = [];

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: ZonesRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
  }

  async reload(): Promise<void> {
    this.zones.clear();
    for (const zone of await this.repository.list(this.uow.db)) this.zones.set(zone.id, zone);
    this.rebuild();
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

  /** Calls `listener` after every rebuild, so what depends on zone shapes recomputes after the index changed. */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  @OnEvent(ZoneUpserted.type)
  onUpserted({ zone }: ZoneUpserted): void {
    this.zones.set(zone.id, zone);
    this.rebuild();
  }

  @OnEvent(ZoneDeleted.type)
  onDeleted({ id }: ZoneDeleted): void {
    this.zones.delete(id);
    this.rebuild();
  }

  private rebuild(): void {
    this.index = new ZoneIndex([...this.zones.values()]);
    for (const listener of this.changeListeners) listener();
  }
}
