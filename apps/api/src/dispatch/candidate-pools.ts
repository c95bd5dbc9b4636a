import type { Capability } from '@centinela/contracts';
import { distanceMeters, etaSeconds, reachMeters, type TravelMode } from '@centinela/geo';
import { Inject, Injectable } from '@nestjs/common';
import { type Clock, CLOCK } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { Db } from '../database/unit-of-work.js';
import { LiveLocations } from '../responders/live-locations.js';
import type { ResponderProfile } from '../responders/responders.repository.js';
import { Roster } from '../responders/roster.js';
import { ZonesService } from '../zones/zones.service.js';
import { type Candidate, rankCandidates } from './targeting.js';

export type Wave = 1 | 2 | 3 | 4;

/** Where the sighting is and until when responders can still make the window. */
export type Target = { point: [number, number]; zoneIds: readonly string[]; windowEndsAt: Date };

/**
 * Who may be asked in each wave, nearest first (from the in-memory roster and live locations):
 * - waves 1–2: on-duty responders with the capability whose live location puts them inside the window,
 *   and on-duty members of the zones containing the sighting (wave 1 takes only the nearest few);
 * - wave 3: also members of neighbouring zones (touching or within NEIGHBOUR_ZONE_METERS) and anyone
 *   within a WAVE_3_REACH_MINUTES reach;
 * - wave 4: everyone on duty.
 */
@Injectable()
export class CandidatePools {
  private readonly fastest: TravelMode;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly roster: Roster,
    private readonly locations: LiveLocations,
    private readonly zones: ZonesService,
  ) {
    const speeds = config.dispatch.reach.speedsKmh;
    this.fastest = (Object.keys(speeds) as TravelMode[]).reduce((a, b) => (speeds[b] > speeds[a] ? b : a));
  }

  /**
   * The ranked pool of a wave, per capability, as it is read: nearest first (see rankCandidates). `db` is the
   * caller's transaction: a wave is chosen with its dispatch locked, and a query on another connection then could
   * wait for a pool that other waves, blocked on that lock, have exhausted (a deadlock of the whole API).
   *
   * Wave 1 asks only the nearest few, so its search starts small and widens (WAVE_1_RINGS) only while the reader
   * wants more: anyone not found yet is farther than the searched radius, so arrives no sooner than the fastest
   * travel mode covers it, and everyone found who arrives sooner than that is already in their final order.
   */
  async forWave(db: Db, wave: Wave, target: Target): Promise<(capability: Capability) => Iterable<Candidate>> {
    const { reach, wave3ReachSeconds, neighbourZoneMeters } = this.config.dispatch;
    const windowLeft = Math.max(0, (target.windowEndsAt.getTime() - this.clock.now()) / 1000);
    const reachLimit = wave >= 3 ? Math.max(windowLeft, wave3ReachSeconds) : windowLeft;
    const memberZones = wave >= 3 ? [...target.zoneIds, ...(await this.zones.neighbours(db, target.zoneIds, neighbourZoneMeters))] : target.zoneIds;
    const search: Search = {
      point: target.point,
      wave,
      reachLimit,
      radius: reachMeters(reachLimit, this.fastest, reach),
      members: wave === 4 ? this.roster.onDuty() : this.roster.onDutyIn(memberZones),
      zoneSet: new Set(memberZones),
    };
    return (capability) => this.ranked(search, capability);
  }

  private *ranked(search: Search, capability: Capability): Generator<Candidate> {
    const { reach } = this.config.dispatch;
    const { point, wave, reachLimit, radius, zoneSet } = search;
    const eligible = (p: ResponderProfile | undefined): p is ResponderProfile => !!p?.onDuty && (wave === 4 || p.capabilities.includes(capability));
    // Zone members are in the pool wherever they are: with their ETA when they share a location, last when not.
    const members = new Map<string, Candidate>();
    for (const profile of search.members) {
      if (!eligible(profile)) continue;
      const position = this.locations.positionOf(profile.id);
      const distance = position ? distanceMeters(point, position) : null;
      members.set(profile.id, {
        responderId: profile.id,
        alias: profile.alias,
        distanceMeters: distance,
        etaSeconds: distance === null ? null : etaSeconds(distance, profile.travelMode, reach),
        zoneMember: profile.zoneIds.some((z) => zoneSet.has(z)),
      });
    }
    let waiting = [...members.values()];
    let searched = -1;
    const rings = wave === 1 ? WAVE_1_RINGS : [1];
    for (const [i, share] of rings.entries()) {
      const last = i === rings.length - 1;
      const within = last ? radius : radius * share;
      // Everyone else who shares a location within reach of the window (those of the smaller radius were seen).
      for (const located of this.locations.near(point[0], point[1], within)) {
        if (located.distanceMeters <= searched || members.has(located.responderId)) continue;
        const profile = this.roster.get(located.responderId);
        if (!eligible(profile)) continue;
        const eta = etaSeconds(located.distanceMeters, profile.travelMode, reach);
        if (eta > reachLimit) continue;
        waiting.push({ responderId: profile.id, alias: profile.alias, distanceMeters: located.distanceMeters, etaSeconds: eta, zoneMember: false });
      }
      searched = within;
      const sooner = last ? Infinity : etaSeconds(within, this.fastest, reach);
      const ready = waiting.filter((c) => c.etaSeconds !== null && c.etaSeconds < sooner);
      if (ready.length > 0) waiting = waiting.filter((c) => !(c.etaSeconds !== null && c.etaSeconds < sooner));
      yield* rankCandidates(last ? [...ready, ...waiting] : ready);
    }
  }
}

/** What every capability's pool of one wave shares. */
type Search = {
  point: [number, number];
  wave: Wave;
  reachLimit: number;
  radius: number;
  members: ResponderProfile[];
  zoneSet: ReadonlySet<string>;
};

/** Wave 1's search radii, as shares of the full reach (each ring is searched only if the reader wants more). */
const WAVE_1_RINGS = [1 / 8, 1 / 4, 1 / 2, 1];
