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
   * The ranked pool of a wave, per capability (computed once per capability). `db` is the caller's transaction:
   * a wave is chosen with its dispatch locked, and a query on another connection then could wait for a pool that
   * other waves, blocked on that lock, have exhausted (a deadlock of the whole API).
   */
  async forWave(db: Db, wave: Wave, target: Target): Promise<(capability: Capability) => Candidate[]> {
    const { reach, wave3ReachSeconds, neighbourZoneMeters } = this.config.dispatch;
    const [lon, lat] = target.point;
    const windowLeft = Math.max(0, (target.windowEndsAt.getTime() - this.clock.now()) / 1000);
    const reachLimit = wave >= 3 ? Math.max(windowLeft, wave3ReachSeconds) : windowLeft;
    const near = this.locations.near(lon, lat, reachMeters(reachLimit, this.fastest, reach));
    const memberZones = wave >= 3 ? [...target.zoneIds, ...(await this.zones.neighbours(db, target.zoneIds, neighbourZoneMeters))] : target.zoneIds;
    const members = wave === 4 ? this.roster.onDuty() : this.roster.onDutyIn(memberZones);
    const zoneSet = new Set(memberZones);

    const pools = new Map<Capability, Candidate[]>();
    return (capability) => {
      let pool = pools.get(capability);
      if (pool) return pool;
      const eligible = (p: ResponderProfile | undefined): p is ResponderProfile => !!p?.onDuty && (wave === 4 || p.capabilities.includes(capability));
      const found = new Map<string, Candidate>();
      for (const located of near) {
        const profile = this.roster.get(located.responderId);
        if (!eligible(profile)) continue;
        const eta = etaSeconds(located.distanceMeters, profile.travelMode, reach);
        if (eta > reachLimit) continue;
        found.set(profile.id, { responderId: profile.id, alias: profile.alias, distanceMeters: located.distanceMeters, etaSeconds: eta, zoneMember: false });
      }
      for (const profile of members) {
        if (!eligible(profile)) continue;
        const zoneMember = profile.zoneIds.some((z) => zoneSet.has(z));
        const existing = found.get(profile.id);
        if (existing) {
          existing.zoneMember = zoneMember;
          continue;
        }
        const location = this.locations.get(profile.id);
        const distance = location ? distanceMeters(target.point, location.coordinates) : null;
        found.set(profile.id, {
          responderId: profile.id,
          alias: profile.alias,
          distanceMeters: distance,
          etaSeconds: distance === null ? null : etaSeconds(distance, profile.travelMode, reach),
          zoneMember,
        });
      }
      pool = rankCandidates([...found.values()]);
      pools.set(capability, pool);
      return pool;
    };
  }
}
