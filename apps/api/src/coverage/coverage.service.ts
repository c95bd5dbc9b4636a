import type { Coverage, ZoneCoverage } from '@centinela/contracts';
import { etaSeconds, reachMeters, samplePoints, type TravelMode } from '@centinela/geo';
import { Inject, Injectable } from '@nestjs/common';
import { type Clock, CLOCK } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import { LiveLocations } from '../responders/live-locations.js';
import { LocationsChanged, ResponderMoved, RosterChanged } from '../responders/responders.events.js';
import { Roster } from '../responders/roster.js';
import { ZoneMatcher } from '../zones/zone-matcher.js';
import { ZoneIndexRebuilt } from '../zones/zones.events.js';

const SAMPLES_PER_ZONE = 100;
/** Coverage moves with every location update; recomputing at most this often bounds the cost under load. */
const MIN_RECOMPUTE_MS = 1_000;

/**
 * How well each zone is covered right now: on-duty members, on-duty responders inside it, and the share of
 * its area some on-duty responder with a live location could reach within the response window (estimated on
 * ~100 sample points per zone, kept until the zone is redrawn). Computed in memory from the roster and live
 * locations; zones with no coverage stand out on the map.
 */
@Injectable()
export class CoverageService {
  private samples = new Map<string, [number, number][]>();
  private cached: { at: number; coverage: Coverage } | undefined;
  private stale = true;
  private readonly fastest: TravelMode;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly matcher: ZoneMatcher,
    private readonly roster: Roster,
    private readonly locations: LiveLocations,
  ) {
    const speeds = config.dispatch.reach.speedsKmh;
    this.fastest = (Object.keys(speeds) as TravelMode[]).reduce((a, b) => (speeds[b] > speeds[a] ? b : a));
  }

  current(): Coverage {
    const now = this.clock.now();
    if (this.cached && (!this.stale || now - this.cached.at < MIN_RECOMPUTE_MS)) return this.cached.coverage;
    const coverage = this.compute(now);
    this.cached = { at: now, coverage };
    this.stale = false;
    return coverage;
  }

  /** Zones were redrawn: their sample points are recomputed on the next read. */
  @OnDomainEvent(ZoneIndexRebuilt)
  onZonesRedrawn(): void {
    this.samples = new Map();
    this.stale = true;
  }

  /** Someone moved, went on or off duty, or changed zones: the next read recomputes. */
  @OnDomainEvent(ResponderMoved, RosterChanged, LocationsChanged)
  markStale(): void {
    this.stale = true;
  }

  private compute(now: number): Coverage {
    const { windowSeconds, reach } = this.config.dispatch;
    const radius = reachMeters(windowSeconds, this.fastest, reach);
    const located = this.locations.all();
    const sharing = new Set(located.map((l) => l.responderId));
    const zones: ZoneCoverage[] = this.matcher.all().map((zone) => {
      let samples = this.samples.get(zone.id);
      if (!samples) this.samples.set(zone.id, (samples = samplePoints(zone.area, SAMPLES_PER_ZONE)));
      const reached = samples.filter(([lon, lat]) =>
        this.locations.near(lon, lat, radius).some((l) => {
          const profile = this.roster.get(l.responderId);
          return !!profile?.onDuty && etaSeconds(l.distanceMeters, profile.travelMode, reach) <= windowSeconds;
        }),
      ).length;
      return {
        zoneId: zone.id,
        onDuty: this.roster.onDutyIn([zone.id]).length,
        sharing: this.roster.onDutyIn([zone.id]).filter((r) => sharing.has(r.id)).length,
        inside: located.filter((l) => l.zoneIds.includes(zone.id)).length,
        reachableShare: samples.length === 0 ? 0 : Math.round((reached / samples.length) * 1000) / 1000,
      };
    });
    return { windowSeconds, computedAt: new Date(now).toISOString(), zones };
  }
}
