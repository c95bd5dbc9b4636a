import type { Coverage, LiveLocation, Responder } from '@centinela/contracts';
import { TestClock } from 'pg-boss';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

describe('live locations', () => {
  let t: TestApp;
  let clock: TestClock;
  let dispatcher: TestAccount;
  beforeAll(async () => {
    clock = new TestClock(Date.now());
    t = await TestApp.start({}, { clock });
    dispatcher = await t.account('dispatcher');
  });
  afterAll(() => t.close());

  const share = (r: TestAccount, at: [number, number]) => r.api.put('/api/responders/me/location', { coordinates: at, accuracy: 12 });
  const responderSeen = async (id: string) => (await expectOk<Responder[]>(dispatcher.api.get('/api/responders'))).find((r) => r.id === id)!;

  it('is shared only on duty, and the server keeps only the latest point, in memory', async () => {
    const base = freshBase();
    const responder = await t.account('responder');
    const refused = await share(responder, base);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe('go on duty to share your location');

    await expectOk(responder.api.patch('/api/responders/me', { onDuty: true }));
    await expectOk(share(responder, base));
    const latest = await expectOk<LiveLocation>(share(responder, offset(base, 60)));
    expect(latest.coordinates[0]).toBeCloseTo(offset(base, 60)[0], 9);
    expect((await responderSeen(responder.user.responderId!)).location).toEqual(latest);
    // Nothing about responders' locations is stored: the only coordinates are of incidents, sightings, zones and the
    // areas referral providers serve.
    const { rows } = await t.db.query(`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND udt_name = 'geometry' ORDER BY 1`);
    expect(rows.map((r) => r.table_name)).toEqual(['incidents', 'referral_service_areas', 'sightings', 'zones']);
  });

  it('sends a burst of moves to map screens in a few batched messages, none lost, the last one holding', async () => {
    const base = freshBase();
    const log = await t.socket(dispatcher);
    const responder = await t.account('responder', { onDuty: true });
    const id = responder.user.responderId!;
    const phone = await t.socket(responder);
    // 30 updates sent at once over the phone's socket, as a phone catching up after a tunnel might.
    const steps = Array.from({ length: 30 }, (_, i) => offset(base, 10 * (i + 1)));
    const acks = await Promise.all(steps.map((at) => phone.socket.timeout(10_000).emitWithAck('location', { coordinates: at, accuracy: 5 })));
    const shared = acks.map((a) => (a.ok ? a.location.coordinates : null));
    expect(shared.every(Boolean)).toBe(true);

    const mine = (batch: { responderId: string }[]) => batch.some((m) => m.responderId === id);
    const movesOf = () =>
      log
        .of('responders.moved')
        .flat()
        .filter((m) => m.responderId === id);
    await log.next('responders.moved', () => movesOf().length >= steps.length);
    const moves = movesOf();
    expect(moves).toHaveLength(steps.length);
    expect(new Set(moves.map((m) => JSON.stringify(m.location!.coordinates)))).toEqual(new Set(shared.map((c) => JSON.stringify(c))));
    expect((await responderSeen(id)).location!.coordinates).toEqual(moves.at(-1)!.location!.coordinates);
    // Fewer messages than moves: the ones within MOVES_EVERY_MS of the last batch waited and went together.
    expect(log.of('responders.moved').filter(mine).length).toBeLessThan(steps.length);
  });

  it('validates coordinates', async () => {
    const responder = await t.account('responder', { onDuty: true });
    const bad = await share(responder, [200, 10]);
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([{ path: 'coordinates.0', message: 'longitude must be between -180 and 180', code: 'invalid' }]);
  });

  it('forgets a location 10 minutes after the last update, and at once when going off duty or stopping', async () => {
    const base = freshBase();
    const log = await t.socket(dispatcher);
    const stale = await t.account('responder', { onDuty: true });
    const goesOff = await t.account('responder', { onDuty: true });
    const stops = await t.account('responder', { onDuty: true });
    for (const r of [stale, goesOff, stops]) await expectOk(share(r, base));

    await expectOk(goesOff.api.patch('/api/responders/me', { onDuty: false }));
    expect(await log.next('responders.moved', (moves) => moves.some((m) => m.responderId === goesOff.user.responderId && m.location === null))).toBeTruthy();
    expect((await responderSeen(goesOff.user.responderId!)).location).toBeNull();

    expect((await stops.api.delete('/api/responders/me/location')).status).toBe(204);
    await log.next('responders.moved', (moves) => moves.some((m) => m.responderId === stops.user.responderId && m.location === null));

    await clock.tick(9 * 60_000);
    expect((await responderSeen(stale.user.responderId!)).location).not.toBeNull();
    await clock.tick(61_000 + 30_000); // past 10 minutes, and a sweep has run
    await log.next('responders.moved', (moves) => moves.some((m) => m.responderId === stale.user.responderId && m.location === null));
    expect((await responderSeen(stale.user.responderId!)).location).toBeNull();
  });

  it('reports entering and leaving zones live, and zone changes move people in and out', async () => {
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 300), 'Plaza');
    const log = await t.socket(dispatcher);
    const walker = await t.account('responder', { onDuty: true, alias: 'Garza' });
    const moved = await expectOk<LiveLocation>(share(walker, offset(base, -500)));
    expect(moved.zoneIds).toEqual([]);

    const inside = await expectOk<LiveLocation>(share(walker, base));
    expect(inside.zoneIds).toEqual([zone.id]);
    expect(await log.next('responder.zone', (m) => m.responderId === walker.user.responderId && m.change === 'entered')).toMatchObject({
      alias: 'Garza',
      zoneId: zone.id,
      zoneName: 'Plaza',
    });
    await expectOk(share(walker, offset(base, 500)));
    await log.next('responder.zone', (m) => m.responderId === walker.user.responderId && m.change === 'exited');

    // The coordinator grows the zone to where the walker now is: they are inside without moving.
    await expectOk((await t.asCoordinator()).api.patch(`/api/zones/${zone.id}`, { area: squareAround(base, 700) }));
    expect(
      log
        .of('responder.zone')
        .filter((m) => m.responderId === walker.user.responderId)
        .map((m) => m.change),
    ).toEqual(['entered', 'exited', 'entered']);
  });
});

describe('coverage', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('shows, per zone, who is on duty and how much of it on-duty responders can reach within the window', async () => {
    const base = freshBase();
    const covered = await t.zone(squareAround(base, 400));
    const bare = await t.zone(squareAround(offset(base, 20_000), 400));
    const large = await t.zone(squareAround(offset(base, -40_000), 3000));
    await t.account('responder', { onDuty: true, zones: [covered, bare] }); // assigned, but shares no location
    const walker = await t.account('responder', { onDuty: true, travelMode: 'walk' });
    await expectOk(walker.api.put('/api/responders/me/location', { coordinates: base }));
    const driver = await t.account('responder', { onDuty: true, travelMode: 'car' });
    await expectOk(driver.api.put('/api/responders/me/location', { coordinates: offset(base, -40_000) }));

    const coverage = await expectOk<Coverage>((await t.account('dispatcher')).api.get('/api/coverage'));
    const of = (id: string) => coverage.zones.find((z) => z.zoneId === id)!;
    expect(coverage.windowSeconds).toBe(420);
    // Walking 7 minutes covers ≈ 449 m: an 800 m square from its centre but its corners (exactly 90.5 %).
    expect(of(covered.id)).toMatchObject({ onDuty: 1, inside: 1 });
    expect(of(covered.id).reachableShare).toBeGreaterThan(0.85);
    expect(of(covered.id).reachableShare).toBeLessThan(1);
    expect(of(bare.id)).toEqual({ zoneId: bare.id, onDuty: 1, sharing: 0, inside: 0, reachableShare: 0 });
    // Driving 7 minutes covers ≈ 2.7 km: a disc inside a 6 km square, π·2.69²/36 ≈ 63 % of it.
    expect(of(large.id).reachableShare).toBeGreaterThan(0.58);
    expect(of(large.id).reachableShare).toBeLessThan(0.68);
  });
});
