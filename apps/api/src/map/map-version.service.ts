import type { MapInfo } from '@centinela/contracts';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { MAP_CHANNEL } from './map-import.repository.js';
import { MapMetaRepository } from './map-meta.repository.js';

type Listener = (map: MapInfo | null) => void;

/** However a NOTIFY may be missed, a process checks the live version this often. */
const CHECK_EVERY_MS = 10_000;

/**
 * Which street map is live, in this process. The truth is the `map_meta` row; every import NOTIFYs its new
 * version, so every API process switches to it at once, without a restart. NOTIFY is not replayed: after
 * the listening connection is lost, the version is reloaded in full once it is back, and every 10 s each process
 * checks the version anyway, so a missed message costs at most that long.
 */
@Injectable()
export class MapVersionService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('MapVersion');
  private map: MapInfo | null = null;
  private client: pg.Client | null = null;
  private closing = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private check: ReturnType<typeof setInterval> | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly meta: MapMetaRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    await this.listen();
    this.check = setInterval(() => void this.reload().catch(() => undefined), CHECK_EVERY_MS);
    this.check.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retry);
    clearInterval(this.check);
    await this.client?.end().catch(() => undefined);
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

  /** Reads the live version from the database (after a NOTIFY, a reconnect, or an import in this process). */
  async reload(): Promise<MapInfo | null> {
    const next = await this.meta.current(this.uow.db);
    const changed = next?.version !== this.map?.version;
    this.map = next;
    if (changed) for (const listener of this.listeners) listener(next);
    return next;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl });
    client.on('notification', (message) => {
      if (message.channel === MAP_CHANNEL)
        void this.reload().catch((error: unknown) => this.log.warn(`map reload failed: ${error instanceof Error ? error.message : String(error)}`));
    });
    client.on('error', () => this.reconnect(client));
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${MAP_CHANNEL}`);
      this.client = client;
    } catch {
      this.reconnect(client);
    }
  }

  private reconnect(client: pg.Client): void {
    if (this.closing || (this.client && this.client !== client)) return;
    this.client = null;
    void client.end().catch(() => undefined);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      if (this.closing) return;
      void this.listen()
        .then(() => this.reload())
        .catch(() => undefined);
    }, 2_000);
  }
}
