import type { LiveLocation } from '@centinela/contracts';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ClockTimer } from 'pg-boss';
import { ClusterChannel } from '../cluster/cluster-channel.js';
import { type Clock, CLOCK } from '../common/clock.js';
import type { DomainEvent } from '../common/events/domain-event.js';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { InOrder } from '../common/in-order.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ZoneMatcher } from '../zones/zone-matcher.js';
import { ZoneIndexRebuilt } from '../zones/zones.events.js';
import { type LocationChange, LiveLocationSync, LOCATIONS_TOPIC, type SharedLocation } from './live-location-sync.js';
import { type GridEntry, LocationGrid } from './location-grid.js';
import { LocationsChanged, ResponderMoved, ResponderUpdated, ZoneCrossed } from './responders.events.js';
import { Roster } from './roster.js';

const SWEEP_EVERY_MS = 30_000;

/**
 * Where on-duty responders who share their location are right now: only the latest point, only for
 * LOCATION_TTL_MINUTES after the last update; going off duty or stopping sharing forgets it at once.
 *
 * Every API process holds all of them in memory (dispatch reads them on its hot path) and they are shared
 * through LiveLocationSync: the UNLOGGED `live_locations` table (never in the WAL, sealed) and the cluster
 * channel. The process that received an update tells the dispatchers (moved, entered or left a zone); the others
 * only update their copy. Expiry is a DELETE … RETURNING: the one process that deletes a row announces it.
 */
@Injectable()
export class LiveLocations implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveLocations.name);
  private readonly grid = new LocationGrid();
  /** Other processes' changes and full reloads, one at a time (see InOrder). */
  private readonly shared = new InOrder();
  private readonly ttlMs: number;
  private stopSweeper: (() => void) | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly matcher: ZoneMatcher,
    private readonly roster: Roster,
    private readonly uow: UnitOfWork,
    private readonly sync: LiveLocationSync,
    private readonly cluster: ClusterChannel,
  ) {
    this.ttlMs = config.locationTtlSeconds * 1000;
  }

  onModuleInit(): void {
    this.cluster.subscribe(LOCATIONS_TOPIC, { apply: (changes) => this.applyShared(changes as LocationChange[]), resync: () => this.reloadShared() });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reloadShared();
    const handle: ClockTimer = this.clock.setInterval(() => void this.sweepLogged(), SWEEP_EVERY_MS);
    this.stopSweeper = () => this.clock.clearInterval(handle);
  }

  onApplicationShutdown(): void {
    this.stopSweeper?.();
  }

  /** Records a responder's latest position; only on-duty responders share one. */
  async update(responderId: string, [lon, lat]: [number, number], accuracy: number | null): Promise<LiveLocation> {
    const profile = this.roster.get(responderId);
    if (!profile?.onDuty) throw new DomainError('conflict', 'go on duty to share your location').because('location.offDuty');
    const now = this.clock.now();
    const previous = this.fresh(responderId, now);
    const entry: GridEntry = { responderId, lon, lat, accuracy, at: now, zoneIds: this.zonesAt(lon, lat) };
    this.grid.place(entry);
    this.sync.put({ responderId, lon, lat, accuracy, at: now });
    const events: DomainEvent[] = [new ResponderMoved(responderId, profile.alias, toLive(entry)), ...this.crossings(entry, previous?.zoneIds ?? [])];
    await this.uow.deliver(events);
    return toLive(entry);
  }

  /** Forgets a responder's location (stopped sharing, off duty) everywhere, and says so. */
  async forget(responderId: string): Promise<void> {
    const entry = this.grid.remove(responderId);
    this.sync.remove(responderId);
    if (entry) await this.announceGone(entry);
  }

  get(responderId: string): LiveLocation | null {
    const entry = this.fresh(responderId, this.clock.now());
    return entry ? toLive(entry) : null;
  }

  /** Where a responder is, if they share a fresh location: `get` without building the whole record (dispatch asks often). */
  positionOf(responderId: string): [number, number] | null {
    const entry = this.fresh(responderId, this.clock.now());
    return entry ? [entry.lon, entry.lat] : null;
  }

  /** Fresh locations within `radiusMeters` of a point, with their great-circle distance. */
  near(lon: number, lat: number, radiusMeters: number): { responderId: string; lon: number; lat: number; distanceMeters: number }[] {
    const now = this.clock.now();
    return this.grid.near(lon, lat, radiusMeters, (e) => now - e.at <= this.ttlMs);
  }

  /** Every fresh location. */
  all(): { responderId: string; lon: number; lat: number; zoneIds: string[] }[] {
    const now = this.clock.now();
    return [...this.grid.values()].filter((e) => now - e.at <= this.ttlMs);
  }

  /**
   * Forgets every location not updated within the TTL (every 30 s on the clock). The rows this process deletes
   * from the shared table are announced by it; stale copies of the others' are dropped quietly.
   */
  async sweep(): Promise<void> {
    const now = this.clock.now();
    const expired = new Set(await this.sync.expire(new Date(now - this.ttlMs)));
    for (const entry of [...this.grid.values()]) {
      if (now - entry.at <= this.ttlMs) continue;
      this.grid.remove(entry.responderId);
      if (expired.has(entry.responderId)) await this.announceGone(entry);
    }
  }

  @OnDomainEvent(ResponderUpdated)
  async onResponderUpdated({ responder }: ResponderUpdated): Promise<void> {
    if (!responder.onDuty) await this.forget(responder.id);
  }

  /** Zones were redrawn: recompute which zones each located responder is in; the process that redrew them reports crossings. */
  @OnDomainEvent(ZoneIndexRebuilt)
  async rezone({ local }: ZoneIndexRebuilt): Promise<void> {
    const events: DomainEvent[] = [];
    for (const entry of this.grid.values()) {
      const before = entry.zoneIds;
      entry.zoneIds = this.zonesAt(entry.lon, entry.lat);
      if (local) events.push(...this.crossings(entry, before));
    }
    await this.uow.deliver(events);
  }

  /** Another process shared (or forgot) locations: update this copy. */
  private async applyShared(changes: LocationChange[]): Promise<void> {
    await this.shared.run(() => {
      for (const change of changes) {
        if ('gone' in change) this.grid.remove(change.responderId);
        else this.placeShared(change);
      }
    });
    await this.uow.deliver([new LocationsChanged()]);
  }

  /**
   * Reads every fresh location back (at start, and after the cluster connection was lost). Other processes' changes
   * that arrive during the read apply after it (InOrder), so the read cannot undo them.
   */
  private async reloadShared(): Promise<void> {
    await this.shared.run(async () => {
      const shared = await this.sync.fresh(new Date(this.clock.now() - this.ttlMs));
      this.grid.clear();
      for (const location of shared) this.placeShared(location);
    });
    await this.uow.deliver([new LocationsChanged()]);
  }

  private placeShared(location: SharedLocation): void {
    this.grid.place({ ...location, zoneIds: this.zonesAt(location.lon, location.lat) });
  }

  private async announceGone(entry: GridEntry): Promise<void> {
    const alias = this.roster.get(entry.responderId)?.alias ?? '';
    const exits = entry.zoneIds.map((zoneId) => this.crossing(entry.responderId, alias, zoneId, 'exited'));
    await this.uow.deliver([new ResponderMoved(entry.responderId, alias, null), ...exits]);
  }

  /** The timer's sweep: a failure is logged, and the next sweep tries again. */
  private async sweepLogged(): Promise<void> {
    await this.sweep().catch((error: unknown) => this.logger.error(`sweeping live locations failed: ${String(error)}`));
  }

  private zonesAt(lon: number, lat: number): string[] {
    return this.matcher.match(lon, lat).map((z) => z.id);
  }

  private crossings(entry: GridEntry, before: readonly string[]): ZoneCrossed[] {
    const alias = this.roster.get(entry.responderId)?.alias ?? '';
    return [
      ...before.filter((z) => !entry.zoneIds.includes(z)).map((z) => this.crossing(entry.responderId, alias, z, 'exited')),
      ...entry.zoneIds.filter((z) => !before.includes(z)).map((z) => this.crossing(entry.responderId, alias, z, 'entered')),
    ];
  }

  private crossing(responderId: string, alias: string, zoneId: string, change: 'entered' | 'exited'): ZoneCrossed {
    const zoneName = this.matcher.nameOf(zoneId) ?? '';
    return new ZoneCrossed(responderId, alias, zoneId, zoneName, change, new Date(this.clock.now()).toISOString());
  }

  private fresh(responderId: string, now: number): GridEntry | undefined {
    const entry = this.grid.get(responderId);
    return entry && now - entry.at <= this.ttlMs ? entry : undefined;
  }
}

const toLive = (entry: GridEntry): LiveLocation => ({
  coordinates: [entry.lon, entry.lat],
  accuracy: entry.accuracy,
  at: new Date(entry.at).toISOString(),
  zoneIds: entry.zoneIds,
});
