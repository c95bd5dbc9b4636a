import type { MapInfo } from '@centinela/contracts';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ClusterChannel } from '../cluster/cluster-channel.js';
import { InOrder } from '../common/in-order.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { MAP_TOPIC } from './map-import.repository.js';
import { MapMetaRepository } from './map-meta.repository.js';

type Listener = (map: MapInfo | null) => void;

/**
 * Which street map is live, in this process. The truth is the `map_meta` row; an import bumps its version and tells
 * every API process through the cluster channel (topic `map`, versioned like the other cached topics), in the same
 * transaction as the swap, so every process switches to it at once, without a restart — and reloads it after a lost
 * connection or a missed message, like every other cache.
 */
@Injectable()
export class MapVersionService implements OnModuleInit {
  private map: MapInfo | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly reads = new InOrder();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly meta: MapMetaRepository,
    private readonly cluster: ClusterChannel,
  ) {}

  async onModuleInit(): Promise<void> {
    const reload = async () => {
      await this.reload();
    };
    this.cluster.subscribe(MAP_TOPIC, { apply: reload, resync: reload }, { versioned: true });
    await this.reload();
  }

  /** The live map, or null when none is imported. */
  current(): MapInfo | null {
    return this.map;
  }

  /** Called with the new map whenever it changes. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the live version from the database (after a message, a reconnect, or an import in this process). */
  async reload(): Promise<MapInfo | null> {
    // One at a time (see InOrder): two reloads whose reads land in the opposite order would put the older map back.
    const { next, changed } = await this.reads.run(async () => {
      const read = await this.meta.current(this.uow.db);
      const differs = read?.version !== this.map?.version;
      this.map = read;
      return { next: read, changed: differs };
    });
    if (changed) for (const listener of this.listeners) listener(next);
    return next;
  }
}
