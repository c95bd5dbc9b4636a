import type { LiveLocation } from '@centinela/contracts';
import { distanceMeters } from '@centinela/geo';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import type { ClockTimer } from 'pg-boss';
import { type Clock, CLOCK } from '../common/clock.js';
import type { DomainEvent } from '../common/events/domain-event.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ZoneMatcher } from '../zones/zone-matcher.js';
import { ZoneIndexRebuilt } from '../zones/zones.events.js';
import { ResponderMoved, ResponderUpdated, ZoneCrossed } from './responders.events.js';
import { Roster } from './roster.js';

type Entry = { responderId: string; lon: number; lat: number; accuracy: number | null; at: number; zoneIds: string[]; cell: string };

/** Grid cells of 0.01° (about 1.1 km north–south) for finding who is near a point. */
const CELL = 0.01;
const cellOf = (lon: number, lat: number) => `${Math.floor(lon / CELL)}:${Math.floor(lat / CELL)}`;
const SWEEP_EVERY_MS = 30_000;

/**
 * Where on-duty responders who share their location are right now. Only the latest point is kept, only in
 * this process's memory (never in the database, never a history), and only for LOCATION_TTL_MINUTES after the
 * last update; going off duty or stopping sharing forgets it at once. Entering and leaving zones is reported.
 */
@Injectable()
export class LiveLocations implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveLocations.name);
  private readonly entries = new Map<string, Entry>();
  private readonly cells = new Map<string, Set<string>>();
  private readonly ttlMs: number;
  /** Stops the periodic timer; set once it runs. */
  private stopSweeper: (() => void) | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly matcher: ZoneMatcher,
    private readonly roster: Roster,
    private readonly uow: UnitOfWork,
  ) {
    this.ttlMs = config.locationTtlSeconds * 1000;
  }

  onApplicationBootstrap(): void {
    const handle: ClockTimer = this.clock.setInterval(() => void this.sweepLogged(), SWEEP_EVERY_MS);
    this.stopSweeper = () => this.clock.clearInterval(handle);
  }

  onApplicationShutdown(): void {
    this.stopSweeper?.();
  }

  /** Records a responder's latest position; only on-duty responders share one. */
  async update(responderId: string, [lon, lat]: [number, number], accuracy: number | null): Promise<LiveLocation> {
    const profile = this.roster.get(responderId);
    if (!profile?.onDuty) throw new DomainError('conflict', 'go on duty to share your location');
    const now = this.clock.now();
    const previous = this.fresh(responderId, now);
    const entry: Entry = { responderId, lon, lat, accuracy, at: now, zoneIds: this.matcher.match(lon, lat).map((z) => z.id), cell: cellOf(lon, lat) };
    this.place(entry);
    const events: DomainEvent[] = [new ResponderMoved(responderId, profile.alias, toLive(entry)), ...this.crossings(entry, previous?.zoneIds ?? [])];
    await this.uow.deliver(events);
    return toLive(entry);
  }

  /** Forgets a responder's location (stopped sharing, off duty, or stale) and says so. */
  async forget(responderId: string): Promise<void> {
    const entry = this.entries.get(responderId);
    if (!entry) return;
    this.remove(entry);
    const alias = this.roster.get(responderId)?.alias ?? '';
    const exits = entry.zoneIds.map((zoneId) => this.crossing(responderId, alias, zoneId, 'exited'));
    await this.uow.deliver([new ResponderMoved(responderId, alias, null), ...exits]);
  }

  get(responderId: string): LiveLocation | null {
    const entry = this.fresh(responderId, this.clock.now());
    return entry ? toLive(entry) : null;
  }

  /** Fresh locations within `radiusMeters` of a point, with their great-circle distance. */
  near(lon: number, lat: number, radiusMeters: number): { responderId: string; lon: number; lat: number; distanceMeters: number }[] {
    const now = this.clock.now();
    const dLat = radiusMeters / 111_195 / CELL;
    const dLon = dLat / Math.max(0.01, Math.cos((lat * Math.PI) / 180));
    const [cx, cy] = [Math.floor(lon / CELL), Math.floor(lat / CELL)];
    const found: { responderId: string; lon: number; lat: number; distanceMeters: number }[] = [];
    for (let x = cx - Math.ceil(dLon); x <= cx + Math.ceil(dLon); x++) {
      for (let y = cy - Math.ceil(dLat); y <= cy + Math.ceil(dLat); y++) {
        for (const id of this.cells.get(`${x}:${y}`) ?? []) {
          const entry = this.entries.get(id)!;
          if (now - entry.at > this.ttlMs) continue;
          const distance = distanceMeters([lon, lat], [entry.lon, entry.lat]);
          if (distance <= radiusMeters) found.push({ responderId: id, lon: entry.lon, lat: entry.lat, distanceMeters: distance });
        }
      }
    }
    return found;
  }

  /** Every fresh location. */
  all(): { responderId: string; lon: number; lat: number; zoneIds: string[] }[] {
    const now = this.clock.now();
    return [...this.entries.values()].filter((e) => now - e.at <= this.ttlMs);
  }

  /** Forgets every location not updated within the TTL. Runs every 30 s on the clock. */
  async sweep(): Promise<void> {
    const now = this.clock.now();
    for (const entry of [...this.entries.values()]) if (now - entry.at > this.ttlMs) await this.forget(entry.responderId);
  }

  /** The timer's sweep: a failure is logged, and the next sweep tries again. */
  private async sweepLogged(): Promise<void> {
    await this.sweep().catch((error: unknown) => this.logger.error(`sweeping live locations failed: ${String(error)}`));
  }

  @OnDomainEvent(ResponderUpdated)
  async onResponderUpdated({ responder }: ResponderUpdated): Promise<void> {
    if (!responder.onDuty) await this.forget(responder.id);
  }

  /** Zones were redrawn: recompute which zones each located responder is in, reporting crossings. */
  @OnDomainEvent(ZoneIndexRebuilt)
  async rezone(): Promise<void> {
    const events: DomainEvent[] = [];
    for (const entry of this.entries.values()) {
      const before = entry.zoneIds;
      entry.zoneIds = this.matcher.match(entry.lon, entry.lat).map((z) => z.id);
      events.push(...this.crossings(entry, before));
    }
    await this.uow.deliver(events);
  }

  private crossings(entry: Entry, before: readonly string[]): ZoneCrossed[] {
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

  private fresh(responderId: string, now: number): Entry | undefined {
    const entry = this.entries.get(responderId);
    return entry && now - entry.at <= this.ttlMs ? entry : undefined;
  }

  private place(entry: Entry): void {
    const previous = this.entries.get(entry.responderId);
    if (previous) this.cells.get(previous.cell)?.delete(entry.responderId);
    this.entries.set(entry.responderId, entry);
    let cell = this.cells.get(entry.cell);
    if (!cell) this.cells.set(entry.cell, (cell = new Set()));
    cell.add(entry.responderId);
  }

  private remove(entry: Entry): void {
    this.entries.delete(entry.responderId);
    const cell = this.cells.get(entry.cell);
    cell?.delete(entry.responderId);
    if (cell?.size === 0) this.cells.delete(entry.cell);
  }
}

const toLive = (entry: Entry): LiveLocation => ({
  coordinates: [entry.lon, entry.lat],
  accuracy: entry.accuracy,
  at: new Date(entry.at).toISOString(),
  zoneIds: entry.zoneIds,
});
