import type { Dispatch, Ping, TimelineEntry } from '@centinela/contracts';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

describe('targeted dispatch', () => {
  let t: TestApp;
  let dispatcher: TestAccount;
  beforeAll(async () => {
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0' });
    dispatcher = await t.account('dispatcher');
  });
  afterAll(() => t.close());

  const locate = (responder: TestAccount, at: [number, number]) =>
    expectOk(responder.api.put('/api/responders/me/location', { coordinates: at, accuracy: 15 }));
  const dispatchFor = (sightingId: string, needs: { capability: string; count: number }[], note?: string) =>
    expectOk<Dispatch>(dispatcher.api.post(`/api/sightings/${sightingId}/dispatches`, { needs, ...(note ? { note } : {}) }), 201);
  const pinged = (d: Dispatch) => d.pings.map((p) => p.alias);

  it('ranks by ETA across travel modes: a car 2 km away beats a walker 1 km away; out-of-window walkers wait', async () => {
    const base = freshBase();
    const on = { onDuty: true };
    const walkerNear = await t.account('responder', { ...on, alias: 'walker-250m', travelMode: 'walk' });
    const car = await t.account('responder', { ...on, alias: 'car-2km', travelMode: 'car' });
    const bike = await t.account('responder', { ...on, alias: 'bike-1.2km', travelMode: 'bike' });
    const walkerFar = await t.account('responder', { ...on, alias: 'walker-1km', travelMode: 'walk' });
    await locate(walkerNear, offset(base, 250));
    await locate(car, offset(base, -2000));
    await locate(bike, offset(base, 0, 1200));
    await locate(walkerFar, offset(base, 0, -1000));

    const { sighting } = await t.sighting(dispatcher.api, base, { observedAt: new Date().toISOString() });
    const dispatch = await dispatchFor(sighting.id, [{ capability: 'verifier', count: 2 }]);
    // 1.5 × 2 = 3 nearest by ETA: walking 250 m ≈ 234 s, driving 2 km ≈ 312 s, cycling 1.2 km ≈ 374 s.
    // Walking 1 km ≈ 936 s is outside the 7-minute window and belongs to no zone: not in wave 1 at all.
    expect(pinged(dispatch)).toEqual(['walker-250m', 'car-2km', 'bike-1.2km']);
    const etas = dispatch.pings.map((p) => Math.round(p.etaSeconds!));
    expect(etas).toEqual([234, 312, 374]);
    expect(dispatch.pings.every((p) => p.wave === 1 && p.status === 'pending')).toBe(true);
    expect(dispatch).toMatchObject({ status: 'active', wave: 1, needs: [{ capability: 'verifier', count: 2 }] });
    expect(Date.parse(dispatch.windowEndsAt) - Date.parse(sighting.observedAt)).toBe(7 * 60_000);
    expect(Date.parse(dispatch.nextWaveAt!) - Date.parse(dispatch.createdAt)).toBe(60_000);
  });

  it('stores a dispatch nobody is in reach of yet, with no pings and its next wave scheduled', async () => {
    const { sighting } = await t.sighting(dispatcher.api, freshBase());
    const dispatch = await dispatchFor(sighting.id, [{ capability: 'translator', count: 1 }], 'nadie cerca');
    expect(dispatch).toMatchObject({ status: 'active', wave: 1, pings: [], note: 'nadie cerca' });
    expect(Date.parse(dispatch.nextWaveAt!) - Date.parse(dispatch.createdAt)).toBe(60_000);
    expect(await expectOk<Dispatch>(dispatcher.api.get(`/api/dispatches/${dispatch.id}`))).toEqual(dispatch);
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'dispatch-escalation' AND data->>'dispatchId' = $1`, [
      dispatch.id,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('asks zone members without a location after everyone with a known ETA', async () => {
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 1500));
    const member = await t.account('responder', { onDuty: true, zones: [zone], alias: 'member-no-location' });
    const located = await t.account('responder', { onDuty: true, alias: 'located-300m' });
    await locate(located, offset(base, 300));
    const { sighting } = await t.sighting(dispatcher.api, base);
    const dispatch = await dispatchFor(sighting.id, [{ capability: 'verifier', count: 1 }]);
    expect(pinged(dispatch)).toEqual(['located-300m', 'member-no-location']);
    expect(dispatch.pings[1]).toMatchObject({ etaSeconds: null, distanceMeters: null, responderId: member.user.responderId });
  });

  it('filters by capability and counts each need separately', async () => {
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 1500));
    const make = (alias: string, capabilities: ('verifier' | 'legal_observer' | 'translator')[]) =>
      t.account('responder', { onDuty: true, zones: [zone], alias, capabilities });
    await make('only-verifier', ['verifier']);
    await make('observer', ['legal_observer']);
    await make('observer-and-verifier', ['legal_observer', 'verifier']);
    await make('translator', ['translator']);
    const { sighting } = await t.sighting(dispatcher.api, base);
    const dispatch = await dispatchFor(sighting.id, [{ capability: 'legal_observer', count: 1 }]);
    expect(dispatch.pings.map((p) => [p.alias, p.capability]).sort()).toEqual([
      ['observer', 'legal_observer'],
      ['observer-and-verifier', 'legal_observer'],
    ]);
  });

  it('replaces a decline with the next nearest at once', async () => {
    const base = freshBase();
    const [a, b, c] = await Promise.all(['a-100m', 'b-200m', 'c-300m'].map((alias) => t.account('responder', { onDuty: true, alias })));
    await locate(a!, offset(base, 100));
    await locate(b!, offset(base, 200));
    await locate(c!, offset(base, 300));
    const logC = await t.socket(c!);
    const { sighting } = await t.sighting(dispatcher.api, base);
    const dispatch = await dispatchFor(sighting.id, [{ capability: 'verifier', count: 1 }]);
    expect(pinged(dispatch)).toEqual(['a-100m', 'b-200m']);

    const aPing = dispatch.pings.find((p) => p.alias === 'a-100m')!;
    await expectOk(a!.api.post(`/api/pings/${aPing.id}/ack`, { status: 'declined' }));
    const cPing = await logC.next('ping', (p) => p.dispatchId === dispatch.id);
    expect(cPing).toMatchObject({ alias: 'c-300m', wave: 1, status: 'pending' });
    const now = await expectOk<Dispatch>(dispatcher.api.get(`/api/dispatches/${dispatch.id}`));
    expect(now.pings.map((p) => [p.alias, p.status])).toEqual([
      ['a-100m', 'declined'],
      ['b-200m', 'pending'],
      ['c-300m', 'pending'],
    ]);
  });

  it('stops when filled, tells the others they are covered, and shows who else is going to those going', async () => {
    const base = freshBase();
    const names = ['first', 'second', 'third'];
    const responders = await Promise.all(names.map((alias) => t.account('responder', { onDuty: true, alias })));
    for (const [i, r] of responders.entries()) await locate(r, offset(base, 100 * (i + 1)));
    const logs = await Promise.all(responders.map((r) => t.socket(r)));
    const { sighting } = await t.sighting(dispatcher.api, base);
    const dispatch = await dispatchFor(sighting.id, [{ capability: 'verifier', count: 2 }], 'Bring a phone charger');
    const pingOf = (alias: string) => dispatch.pings.find((p) => p.alias === alias)!;

    const first = await expectOk<Ping>(responders[0]!.api.post(`/api/pings/${pingOf('first').id}/ack`, { status: 'accepted' }));
    expect(first.team).toEqual([]);
    expect(first.note).toBe('Bring a phone charger');
    expect(Date.parse(first.arrivalAt!) - Date.now()).toBeGreaterThan(60_000); // computed from 100 m on foot (≈ 94 s)
    const second = await expectOk<Ping>(responders[1]!.api.post(`/api/pings/${pingOf('second').id}/ack`, { status: 'accepted', etaMinutes: 4 }));
    expect(second.team.map((m) => m.alias)).toEqual(['first']);

    const covered = await logs[2]!.next('ping.updated', (p) => p.dispatchId === dispatch.id && p.status === 'covered');
    expect(covered.team).toEqual([]); // only those going see who is going
    const update = await logs[0]!.next('ping.updated', (p) => p.dispatchId === dispatch.id && p.team.length === 1);
    expect(update.team[0]).toMatchObject({ alias: 'second', status: 'accepted' });
    const filled = await expectOk<Dispatch>(dispatcher.api.get(`/api/dispatches/${dispatch.id}`));
    expect(filled).toMatchObject({ status: 'filled', nextWaveAt: null });

    // Someone going drops out: the dispatch reopens and the next nearest… is nobody new here, the third was covered.
    const dropped = await expectOk<Ping>(responders[1]!.api.post(`/api/pings/${pingOf('second').id}/ack`, { status: 'declined' }));
    expect(dropped.status).toBe('declined');
    const reopened = await expectOk<Dispatch>(dispatcher.api.get(`/api/dispatches/${dispatch.id}`));
    expect(reopened.status).toBe('active');
    expect(reopened.nextWaveAt).not.toBeNull();
  });

  it('applies an answer sent twice with the same idempotency key once', async () => {
    const base = freshBase();
    const responder = await t.account('responder', { onDuty: true });
    await locate(responder, offset(base, 50));
    const { sighting } = await t.sighting(dispatcher.api, base);
    const dispatch = await dispatchFor(sighting.id, [{ capability: 'verifier', count: 1 }]);
    const ping = dispatch.pings[0]!;
    const send = (status: string, key: string) =>
      fetch(`${t.baseUrl}/api/pings/${ping.id}/ack`, {
        method: 'POST',
        headers: { authorization: `Bearer ${responder.token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ status }),
      });
    expect((await send('accepted', 'offline-answer-0001')).status).toBe(200);
    expect((await send('on_scene', 'offline-answer-0002')).status).toBe(200);
    const replay = await send('accepted', 'offline-answer-0001'); // the queue resent an old answer
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as Ping).status).toBe('on_scene');
    const { rows } = await t.db.query('SELECT status FROM ping_answers WHERE ping_id = $1 ORDER BY answered_at', [ping.id]);
    expect(rows.map((r) => r.status)).toEqual(['accepted', 'on_scene']);
    expect((await send('accepted', 'bad key!')).status).toBe(400);
  });

  it('adds to a dispatch and cancels it, telling everyone not yet on scene to stand down', async () => {
    const base = freshBase();
    const responders = await Promise.all(['p1', 'p2', 'p3', 'p4'].map((alias) => t.account('responder', { onDuty: true, alias })));
    for (const [i, r] of responders.entries()) await locate(r, offset(base, 80 * (i + 1)));
    const { sighting } = await t.sighting(dispatcher.api, base);
    const dispatch = await dispatchFor(sighting.id, [{ capability: 'verifier', count: 1 }]);
    expect(pinged(dispatch)).toEqual(['p1', 'p2']);

    const shrink = await dispatcher.api.patch(`/api/dispatches/${dispatch.id}`, { needs: [{ capability: 'verifier', count: 0 }] });
    expect(shrink.status).toBe(400);
    const grown = await expectOk<Dispatch>(dispatcher.api.patch(`/api/dispatches/${dispatch.id}`, { needs: [{ capability: 'verifier', count: 2 }] }));
    expect(pinged(grown)).toEqual(['p1', 'p2', 'p3', 'p4']);

    const p1 = grown.pings[0]!;
    await expectOk(responders[0]!.api.post(`/api/pings/${p1.id}/ack`, { status: 'on_scene' }));
    const log = await t.socket(responders[1]!);
    const cancelled = await expectOk<Dispatch>(dispatcher.api.post(`/api/dispatches/${dispatch.id}/cancel`));
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.pings.map((p) => p.status)).toEqual(['on_scene', 'cancelled', 'cancelled', 'cancelled']);
    expect((await log.next('ping.updated', (p) => p.dispatchId === dispatch.id)).status).toBe('cancelled');
  });

  it('refuses a dispatch for an unknown sighting, with no needs, or needing one capability twice', async () => {
    const { sighting } = await t.sighting(dispatcher.api, freshBase());
    expect(
      (await dispatcher.api.post('/api/sightings/00000000-0000-4000-8000-000000000000/dispatches', { needs: [{ capability: 'verifier', count: 1 }] })).status,
    ).toBe(404);
    const empty = await dispatcher.api.post(`/api/sightings/${sighting.id}/dispatches`, { needs: [] });
    expect(empty.body.issues).toEqual([{ path: 'needs', message: 'ask for at least one responder', code: 'required' }]);
    const twice = await dispatcher.api.post(`/api/sightings/${sighting.id}/dispatches`, {
      needs: [
        { capability: 'verifier', count: 1 },
        { capability: 'verifier', count: 2 },
      ],
    });
    expect(twice.status).toBe(400);
    expect(await t.count('dispatches')).toBeGreaterThan(0);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM dispatches WHERE sighting_id = $1', [sighting.id]);
    expect(rows[0].n).toBe(0);
  });
});

describe('automatic dispatch of verifiers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start(); // AUTO_DISPATCH_VERIFIERS defaults to 2
  });
  afterAll(() => t.close());

  it('dispatches verifiers for a hotline call logged by a dispatcher, not for other channels or public reports', async () => {
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 1000));
    await t.account('responder', { onDuty: true, zones: [zone] });
    const dispatcher = await t.account('dispatcher');
    const call = await t.sighting(dispatcher.api, base, { channel: 'hotline-call' });
    expect(call.dispatches.map((d) => d.needs)).toEqual([[{ capability: 'verifier', count: 2 }]]);
    expect(call.dispatches[0]!.pings).toHaveLength(1);
    const sms = await t.sighting(dispatcher.api, base, { channel: 'sms' });
    expect(sms.dispatches).toEqual([]);
    await t.api.post('/api/reports', { location: { type: 'Point', coordinates: base }, observedAt: new Date().toISOString(), description: 'agents' });
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM dispatches d JOIN sightings s ON s.id = d.sighting_id WHERE s.channel = 'web'`);
    expect(rows[0].n).toBe(0);
  });

  it('makes the incident verifying in the same transaction, says so in the answer and live, and asks nobody again for a second call', async () => {
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 1000));
    const responder = await t.account('responder', { onDuty: true, zones: [zone] });
    const dispatcher = await t.account('dispatcher');
    const [map, phone] = await Promise.all([t.socket(dispatcher), t.socket(responder)]);
    const call = await t.sighting(dispatcher.api, base, { channel: 'hotline-call' });
    expect(call.sighting.status).toBe('verifying');
    const [created, ping] = await Promise.all([
      map.next('sighting.created', (v) => v.sighting.id === call.sighting.id),
      phone.next('ping', (p) => p.sightingId === call.sighting.id),
    ]);
    expect(created.sighting.status).toBe('verifying');
    expect(created.dispatches[0]!.pings.map((p) => p.id)).toEqual([ping.id]);

    const again = await t.sighting(dispatcher.api, offset(base, 50), { channel: 'hotline-call' });
    expect(again.sighting.incidentId).toBe(call.sighting.incidentId);
    expect(again.dispatches).toEqual([]);
    const timeline = await expectOk<TimelineEntry[]>(dispatcher.api.get(`/api/incidents/${call.sighting.incidentId}/timeline`));
    expect(timeline.filter((e) => e.kind === 'status').map((e) => [e.actor, e.detail.from, e.detail.to])).toEqual([['system', 'reported', 'verifying']]);
  });
});
