import type { Capability } from '@centinela/contracts';
import { TestClock } from 'pg-boss';
import { UnitOfWork } from '../../apps/api/src/database/unit-of-work.js';
import { CandidatePools, type Target, type Wave } from '../../apps/api/src/dispatch/candidate-pools.js';
import type { Candidate } from '../../apps/api/src/dispatch/targeting.js';
import { RespondersService } from '../../apps/api/src/responders/responders.service.js';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { type BuiltResponder, nameOf } from './builders.js';
import { MediumApp } from './medium-app.js';

/**
 * Who each wave may ask, read from the real roster, live locations and zones (PostGIS decides which zones are
 * neighbours). Defaults: a 7-minute window; walk 5, bike 15, car 30 km/h with a 1.3 detour; wave 3 reaches 10 minutes
 * and zones within 500 m. The clock stands still, so "seconds left in the window" is exact.
 */
describe('CandidatePools.forWave', () => {
  let m: MediumApp;
  let clock: TestClock;
  beforeAll(async () => {
    clock = new TestClock(Date.now());
    m = await MediumApp.start({ AUTO_DISPATCH_VERIFIERS: '0' }, { clock });
  });
  afterAll(() => m.close());

  const WINDOW_MS = 7 * 60_000;
  const target = (point: [number, number], zoneIds: string[], windowMs = WINDOW_MS): Target => ({
    point,
    zoneIds,
    windowEndsAt: new Date(clock.now() + windowMs),
  });
  /** The wave's ranked pool for a capability, as candidates, keeping only this test's responders (wave 4 is app-wide). */
  const poolOf = async (wave: Wave, t: Target, mine: BuiltResponder[], capability: Capability = 'verifier'): Promise<Candidate[]> => {
    const ids = new Set(mine.map((r) => r.id));
    const pool = await m.get(CandidatePools).forWave(m.get(UnitOfWork).db, wave, t);
    return [...pool(capability)].filter((c) => ids.has(c.responderId));
  };
  const names = async (...args: Parameters<typeof poolOf>) => (await poolOf(...args)).map(nameOf);

  it('waves 1 and 2: those who can arrive within the window by their travel mode, then the zone’s members, nearest first', async () => {
    const base = freshBase();
    const zone = await m.build.zone(squareAround(base, 800));
    const people = await m.build.responders(
      { alias: 'bike-1000', at: offset(base, 0, -1000), travelMode: 'bike' }, // 312 s
      { alias: 'walk-100', at: offset(base, 100) }, // 94 s
      { alias: 'walk-500', at: offset(base, 500) }, // 468 s: after the window
      { alias: 'car-1500', at: offset(base, 0, 1500), travelMode: 'car' }, // 234 s
      { alias: 'walk-300', at: offset(base, -300) }, // 281 s
      { alias: 'member', zones: [zone], onDuty: true }, // shares no location: last
      { alias: 'member-off-duty', zones: [zone] },
      { alias: 'observer-100', at: offset(base, 0, 100), capabilities: ['legal_observer'] },
    );
    const t = target(base, [zone.id]);

    const wave1 = await poolOf(1, t, people);
    expect(wave1.map(nameOf)).toEqual(['walk-100', 'car-1500', 'walk-300', 'bike-1000', 'member']);
    expect(wave1[0]).toMatchObject({ zoneMember: false, distanceMeters: expect.closeTo(100, 0), etaSeconds: expect.closeTo(93.6, 0) });
    expect(wave1[4]).toMatchObject({ zoneMember: true, distanceMeters: null, etaSeconds: null });
    // Wave 1 only asks fewer of the same pool; the pool itself is wave 2's.
    expect(await names(2, t, people)).toEqual(wave1.map(nameOf));
    expect(await names(2, t, people, 'legal_observer')).toEqual(['observer-100']);
  });

  it('narrows as the window runs out; once it has, waves 1–2 keep only zone members and wave 3 still reaches 10 minutes', async () => {
    const base = freshBase();
    const zone = await m.build.zone(squareAround(base, 800));
    const people = await m.build.responders(
      { alias: 'walk-100', at: offset(base, 100) }, // 94 s
      { alias: 'car-1500', at: offset(base, 0, 1500), travelMode: 'car' }, // 234 s
      { alias: 'walk-500', at: offset(base, 500) }, // 468 s
      { alias: 'walk-700', at: offset(base, -700) }, // 655 s: beyond 10 minutes on foot
      { alias: 'member', zones: [zone], onDuty: true },
    );
    expect(await names(2, target(base, [zone.id], 120_000), people)).toEqual(['walk-100', 'member']);
    const over = target(base, [zone.id], -1000);
    expect(await names(1, over, people)).toEqual(['member']);
    expect(await names(2, over, people)).toEqual(['member']);
    expect(await names(3, over, people)).toEqual(['walk-100', 'car-1500', 'walk-500', 'member']);
  });

  it('wave 3 adds members of zones touching or within 500 m and a 10-minute reach; wave 4 is everyone on duty', async () => {
    const base = freshBase();
    const zone = await m.build.zone(squareAround(base, 800));
    const touching = await m.build.zone(squareAround(offset(base, 0, 1600), 800)); // shares an edge
    const near = await m.build.zone(squareAround(offset(base, 2000), 800)); // a 400 m gap
    const far = await m.build.zone(squareAround(offset(base, -2300), 800)); // a 700 m gap
    const people = await m.build.responders(
      { alias: 'member', zones: [zone], onDuty: true },
      { alias: 'touching-member', zones: [touching], onDuty: true },
      { alias: 'near-member', zones: [near], onDuty: true },
      { alias: 'far-member', zones: [far], onDuty: true },
      { alias: 'car-3000', at: offset(base, 0, -3000), travelMode: 'car' }, // 468 s: after the window, within 10 minutes
      { alias: 'car-5000', at: offset(base, 0, -5000), travelMode: 'car' }, // 780 s
      { alias: 'observer', onDuty: true, capabilities: ['legal_observer'] },
      { alias: 'off-duty', zones: [zone, touching] },
    );
    const t = target(base, [zone.id]);
    expect(await names(2, t, people)).toEqual(['member']);
    const wave3 = await poolOf(3, t, people);
    expect(wave3.map(nameOf)).toEqual(['car-3000', 'member', 'near-member', 'touching-member']);
    expect(wave3.every((c) => c.zoneMember === (c.distanceMeters === null))).toBe(true);
    // Wave 4 asks everyone on duty, whatever they can do: known ETAs first, then the wave-3 zones' members, then the rest.
    expect(await names(4, t, people)).toEqual(['car-3000', 'car-5000', 'member', 'near-member', 'touching-member', 'far-member', 'observer']);
  });

  it('follows duty, capabilities and the age of a location as they change', async () => {
    const base = freshBase();
    const [walker, other] = await m.build.responders({ alias: 'walker', at: offset(base, 100) }, { alias: 'other', at: offset(base, 200) });
    const people = [walker!, other!];
    const responders = m.get(RespondersService);
    expect(await names(1, target(base, []), people)).toEqual(['walker', 'other']);

    await responders.updateMine(walker!.id, { onDuty: false });
    for (const wave of [1, 2, 3, 4] as const) expect(await names(wave, target(base, []), people)).toEqual(['other']);
    await responders.updateMine(walker!.id, { onDuty: true }); // on duty again, but where they are was forgotten
    expect(await names(2, target(base, []), people)).toEqual(['other']);
    await responders.shareLocation(walker!.id, { coordinates: offset(base, 100) });
    expect(await names(2, target(base, []), people)).toEqual(['walker', 'other']);

    await responders.update(other!.id, { capabilities: ['legal_observer'] });
    expect(await names(2, target(base, []), people)).toEqual(['walker']);
    expect(await names(2, target(base, []), people, 'legal_observer')).toEqual(['other']);

    // A location not updated for LOCATION_TTL_MINUTES (10) no longer counts; one just sent does.
    await clock.setTime(clock.now() + 9 * 60_000);
    await responders.shareLocation(other!.id, { coordinates: offset(base, 200) });
    await clock.setTime(clock.now() + 2 * 60_000);
    expect(await names(2, target(base, []), people)).toEqual([]);
    expect(await names(2, target(base, []), people, 'legal_observer')).toEqual(['other']);
  });
});
