import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ClusterChannel, TRANSPORT } from '../cluster/cluster-channel.js';
import { KeyRing } from '../crypto/key-ring.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { LiveLocationsRepository } from './live-locations.repository.js';

/** A position as it crosses processes and rests in `live_locations` (sealed). */
export type SharedLocation = { responderId: string; lon: number; lat: number; accuracy: number | null; at: number };
/** What other processes are told: a position, or that it is gone. */
export type LocationChange = SharedLocation | { responderId: string; gone: true };

export const LOCATIONS_TOPIC = 'locations';
/** Writes are batched this long: many phones' updates become one statement and one notification. */
const FLUSH_AFTER_MS = 5;
/** Positions per notification (NOTIFY carries at most 8000 bytes). */
const PER_MESSAGE = 35;

/**
 * Shares live locations between API processes: every change is written, batched, to the UNLOGGED
 * `live_locations` table (no WAL; each row sealed under the day's transport key) and announced on the cluster
 * channel in the same statement. A process that starts or lost its connection reads the table back.
 */
@Injectable()
export class LiveLocationSync implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveLocationSync.name);
  private readonly pending = new Map<string, SharedLocation | null>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly keys: KeyRing,
    private readonly cluster: ClusterChannel,
    private readonly repository: LiveLocationsRepository,
  ) {}

  put(location: SharedLocation): void {
    this.pending.set(location.responderId, location);
    this.schedule();
  }

  remove(responderId: string): void {
    this.pending.set(responderId, null);
    this.schedule();
  }

  /** Writes what is pending now (also at shutdown, and by tests that need it written). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(() => this.write()).catch((error: unknown) => this.logger.error(`sharing live locations failed: ${String(error)}`));
    return this.flushing;
  }

  /** Every shared location updated since `since`, decrypted. */
  async fresh(since: Date): Promise<SharedLocation[]> {
    const rows = await this.repository.fresh(this.uow.db, since);
    return rows.flatMap((row) => {
      const json = this.keys.openText(row.sealed);
      return json === null ? [] : [{ ...(JSON.parse(json) as Omit<SharedLocation, 'responderId'>), responderId: row.responderId }];
    });
  }

  /** Deletes stale locations; returns whose (this process alone got them, and announces them). */
  expire(cutoff: Date): Promise<string[]> {
    return this.repository.expire(this.uow.db, cutoff);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.entries()];
    this.pending.clear();
    const upserts = batch.flatMap(([responderId, location]) => {
      if (!location) return [];
      const { responderId: _id, ...position } = location;
      const sealed = this.keys.seal(TRANSPORT, JSON.stringify(position), location.at);
      return [{ responderId, sealed, sealedKey: this.keys.keyIdOf(sealed)!, at: new Date(location.at) }];
    });
    const removals = batch.filter(([, location]) => !location).map(([id]) => id);
    const changes: LocationChange[] = batch.map(([responderId, location]) => location ?? { responderId, gone: true });
    const messages: string[] = [];
    for (let i = 0; i < changes.length; i += PER_MESSAGE) messages.push(this.cluster.message(LOCATIONS_TOPIC, changes.slice(i, i + PER_MESSAGE)));
    await this.repository.write(this.uow.db, { upserts, removals, channel: this.cluster.channel, messages });
  }
}
