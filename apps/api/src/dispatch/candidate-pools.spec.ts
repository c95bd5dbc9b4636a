import { type Capability, capabilities } from '@centinela/contracts';
import { distanceMeters, etaSeconds, reachMeters, type TravelMode, travelModes } from '@centinela/geo';
import { jest } from '@jest/globals';
import fc from 'fast-check';
import type { ClusterChannel } from '../cluster/cluster-channel.js';
import type { Clock } from '../common/clock.js';
import { loadConfig } from '../config/app-config.js';
import type { UnitOfWork } from '../database/unit-of-work.js';
import type { LiveLocationSync } from '../responders/live-location-sync.js';
import { LiveLocations } from '../responders/live-locations.js';
import type { ResponderProfile, RespondersRepository } from '../responders/responders.repository.js';
import { Roster } from '../responders/roster.js';
import type { ZoneMatcher } from '../zones/zone-matcher.js';
import type { ZonesService } from '../zones/zones.service.js';
import { CandidatePools, type Wave } from './candidate-pools.js';
import { type Candidate, rankCandidates } from './targeting.js';

/**
 * The pools read lazily (wave 1 widens its search only while the reader wants more) must be exactly the pools of
 * the definition: zone members wherever they are, everyone else within reach of the window, ranked. The roster and
 * live locations are the real in-memory classes; only what they would ask the database and the other processes is
 * left out (nothing happens there in these checks).
 */
const config = loadConfig({});
const reach = config.dispatch.reach;
const NOW = Date.parse('2026-11-30T12:00:00Z');
const clock = { now: () => NOW, setInterval: () => 0, clearInterval: () => undefined } as unknown as Clock;
const uow = { deliver: () => Promise.resolve() } as unknown as UnitOfWork;
const cluster = { subscribe: () => undefined } as unknown as ClusterChannel;
const sync = { put: () => undefined, remove: () => undefined } as unknown as LiveLocationSync;
const matcher = { match: () => [], nameOf: () => '' } as unknown as ZoneMatcher;
const zones = { neighbours: () => Promise.resolve(['z-neighbour']) } as unknown as ZonesService;
const ZONES = ['z-a', 'z-b', 'z-neighbour'];
const CENTER: [number, number] = [-87.65, 41.85];

type Person = { mode: TravelMode; capabilities: Capability[]; onDuty: boolean; zones: string[]; offset: [number, number] | null };

const person = fc.record({
  mode: fc.constantFrom(...travelModes),
  capabilities: fc.subarray([...capabilities], { minLength: 1 }),
  onDuty: fc.boolean(),
  zones: fc.subarray(ZONES),
  // A share of the city's spread in each direction, or sharing no location.
  offset: fc.option(fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })), { freq: 4 }),
});

async function cityOf(people: Person[]) {
  const profiles: ResponderProfile[] = people.map((p, i) => ({
    id: `r${String(i).padStart(3, '0')}`,
    alias: `alias ${i % 7}`,
    onDuty: p.onDuty,
    accessEnded: false,
    capabilities: p.capabilities,
    languages: [],
    travelMode: p.mode,
    zoneIds: p.zones,
  }));
  const roster = new Roster(uow, { list: () => Promise.resolve(profiles) } as unknown as RespondersRepository, cluster);
  await roster.reload();
  const locations = new LiveLocations(config, clock, matcher, roster, uow, sync, cluster);
  for (const [i, p] of people.entries()) {
    if (p.onDuty && p.offset) await locations.update(profiles[i]!.id, [CENTER[0] + p.offset[0], CENTER[1] + p.offset[1]], null);
  }
  return { profiles, locations, pools: new CandidatePools(config, clock, roster, locations, zones) };
}

/** The definition, by brute force over everyone. */
function expectedPool(profiles: ResponderProfile[], people: Person[], wave: Wave, zoneIds: string[], capability: Capability, windowLeft: number): Candidate[] {
  const reachLimit = wave >= 3 ? Math.max(windowLeft, config.dispatch.wave3ReachSeconds) : windowLeft;
  const memberZones = new Set(wave >= 3 ? [...zoneIds, 'z-neighbour'] : zoneIds);
  const pool: Candidate[] = [];
  for (const [i, profile] of profiles.entries()) {
    const p = people[i]!;
    if (!profile.onDuty || (wave !== 4 && !profile.capabilities.includes(capability))) continue;
    const member = profile.zoneIds.some((z) => memberZones.has(z));
    const distance = p.offset ? distanceMeters(CENTER, [CENTER[0] + p.offset[0], CENTER[1] + p.offset[1]]) : null;
    const eta = distance === null ? null : etaSeconds(distance, profile.travelMode, reach);
    if (member || wave === 4 || (eta !== null && eta <= reachLimit))
      pool.push({ responderId: profile.id, alias: profile.alias, distanceMeters: distance, etaSeconds: eta, zoneMember: member });
  }
  return rankCandidates(pool);
}

describe('CandidatePools', () => {
  it('reads every wave’s pool in the order of the definition, whole or in part (wave 1 searches in widening rings)', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Crowded within a few hundred metres up to spread over about 6 km (beyond any mode's reach in the window).
        fc.tuple(fc.array(person, { maxLength: 120 }), fc.integer({ min: 0, max: 10 })).map(([people, k]) => {
          const spread = 0.002 * 1.42 ** k;
          return people.map((p) => ({ ...p, offset: p.offset && ([p.offset[0] * spread, p.offset[1] * spread * 0.75] as [number, number]) }));
        }),
        fc.constantFrom<Wave>(1, 2, 3, 4),
        fc.subarray(['z-a', 'z-b']),
        fc.constantFrom(...capabilities),
        fc.integer({ min: 0, max: config.dispatch.windowSeconds }),
        fc.integer({ min: 1, max: 8 }),
        async (people, wave, zoneIds, capability, windowLeft, taken) => {
          const { profiles, pools } = await cityOf(people);
          const poolOf = await pools.forWave(null as never, wave, { point: CENTER, zoneIds, windowEndsAt: new Date(NOW + windowLeft * 1000) });
          const expected = expectedPool(profiles, people, wave, zoneIds, capability, windowLeft);
          expect([...poolOf(capability)]).toEqual(expected);
          // A reader that stops early (wave 1 takes a few) gets the same first few.
          const first: Candidate[] = [];
          for (const candidate of poolOf(capability)) {
            if (first.length === taken) break;
            first.push(candidate);
          }
          expect(first).toEqual(expected.slice(0, taken));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts a car just beyond wave 1’s first ring before someone on foot inside it who arrives later', async () => {
    const window = config.dispatch.windowSeconds;
    const firstRing = reachMeters(window, 'car', reach) / 8;
    const along = (meters: number): [number, number] => [0, meters / 111_195];
    // On foot: arrives in 1.02× the time a car needs for the first ring’s radius; the car, 1.01× that radius away.
    const walkMeters = (1.02 * firstRing * reach.speedsKmh.walk) / reach.speedsKmh.car;
    const people: Person[] = [
      { mode: 'walk', capabilities: ['verifier'], onDuty: true, zones: [], offset: along(walkMeters) },
      { mode: 'car', capabilities: ['verifier'], onDuty: true, zones: [], offset: along(1.01 * firstRing) },
    ];
    const { pools } = await cityOf(people);
    const poolOf = await pools.forWave(null as never, 1, { point: CENTER, zoneIds: [], windowEndsAt: new Date(NOW + window * 1000) });
    expect([...poolOf('verifier')].map((c) => c.responderId)).toEqual(['r001', 'r000']);
  });

  it('finds the nearest few in wave 1 without searching the whole reach', async () => {
    // One responder on foot 100 m away, and a car 2 km away (within its reach of the window).
    const people: Person[] = [
      { mode: 'walk', capabilities: ['verifier'], onDuty: true, zones: [], offset: [0, 0.0009] },
      { mode: 'car', capabilities: ['verifier'], onDuty: true, zones: [], offset: [0, 0.018] },
    ];
    const { pools, locations } = await cityOf(people);
    const fullReach = reachMeters(config.dispatch.windowSeconds, 'car', reach);
    expect(fullReach).toBeGreaterThan(2_100);
    const searched: number[] = [];
    const near = locations.near.bind(locations);
    jest.spyOn(locations, 'near').mockImplementation((lon, lat, radius) => (searched.push(radius), near(lon, lat, radius)));
    const poolOf = await pools.forWave(null as never, 1, { point: CENTER, zoneIds: [], windowEndsAt: new Date(NOW + config.dispatch.windowSeconds * 1000) });
    const [nearest] = poolOf('verifier');
    expect(nearest?.responderId).toBe('r000');
    expect(Math.max(...searched)).toBeLessThan(fullReach / 2);
    // Read to the end, the search covers the whole reach and finds the car too.
    expect([...poolOf('verifier')].map((c) => c.responderId)).toEqual(['r000', 'r001']);
    expect(Math.max(...searched)).toBeCloseTo(fullReach, 3);
  });
});
