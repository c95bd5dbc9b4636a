import type { Ping } from '@centinela/contracts';
import { connectSocket } from '../support/sockets.js';
import { expectOk, polygon, rect, TestApp, type TestAccount } from '../support/test-app.js';

/** A fresh zone per test, so the test alone decides who can be pinged. */
let next = 0;
const area = () => {
  const x = -87.7 + next++ * 0.01;
  return { area: polygon(rect(x, 41.84, x + 0.009, 41.86)), inside: [x + 0.004, 41.85] as [number, number] };
};

describe('the live loop over socket.io', () => {
  let t: TestApp;
  let dispatcher: TestAccount;
  beforeAll(async () => {
    t = await TestApp.start();
    dispatcher = await t.account('dispatcher');
  });
  afterAll(() => t.close());

  it('tells every dispatcher about a new sighting, with its zones and the verifiers dispatched for it', async () => {
    const { area: shape, inside } = area();
    const zone = await t.zone(shape, 'Pilsen');
    const responder = await t.account('responder', { onDuty: true, zones: [zone], alias: 'Colibrí' });
    const [first, second] = [await t.socket(dispatcher), await t.socket(await t.account('dispatcher'))];
    const created = await t.sighting(dispatcher.api, inside);
    for (const log of [first, second]) {
      const message = await log.next('sighting.created', (v) => v.sighting.id === created.sighting.id);
      expect(message.zones).toEqual([{ id: zone.id, name: 'Pilsen' }]);
      expect(message.dispatches).toHaveLength(1);
      expect(message.dispatches[0]).toMatchObject({ needs: [{ capability: 'verifier', count: 2 }], status: 'active', wave: 1 });
      expect(message.dispatches[0]!.pings.map((p) => [p.responderId, p.alias, p.status, p.capability])).toEqual([
        [responder.user.responderId, 'Colibrí', 'pending', 'verifier'],
      ]);
    }
  });

  it('pings an on-duty responder of the zone, and nobody outside it, off duty, or of another zone', async () => {
    const mine = area();
    const zone = await t.zone(mine.area);
    const inZone = await t.account('responder', { onDuty: true, zones: [zone] });
    const offDuty = await t.account('responder', { onDuty: false, zones: [zone] });
    const otherZone = await t.account('responder', { onDuty: true, zones: [await t.zone(area().area)] });
    const logs = { inZone: await t.socket(inZone), offDuty: await t.socket(offDuty), otherZone: await t.socket(otherZone) };

    const created = await t.sighting(dispatcher.api, mine.inside, { locationDescription: '18th & Blue Island' });
    const ping = await logs.inZone.next('ping', (p) => p.sighting.id === created.sighting.id);
    expect(ping).toMatchObject({
      responderId: inZone.user.responderId,
      status: 'pending',
      capability: 'verifier',
      wave: 1,
      sighting: { locationDescription: '18th & Blue Island' },
    });

    // A barrier instead of a sleep: socket.io keeps order per connection, and the ping (if any) was emitted
    // before the sighting's HTTP response. A later message to each of the others proves nothing came first.
    for (const [account, log] of [
      [offDuty, logs.offDuty],
      [otherZone, logs.otherZone],
    ] as const) {
      await account.api.patch('/api/responders/me', { onDuty: account === otherZone });
      await log.next('responder.updated');
      expect(log.of('ping')).toEqual([]);
    }
  });

  it('sends a hotline call’s new incident, pings and dispatch exactly as they read back afterwards (built in memory, not queried)', async () => {
    const { area: shape, inside } = area();
    const zone = await t.zone(shape);
    // Two near with live locations (ranked by ETA) and a zone member sharing none (unknown ETA, last).
    const near = await t.account('responder', { onDuty: true, zones: [zone], alias: 'Zorzal' });
    const nearer = await t.account('responder', { onDuty: true, zones: [zone], alias: 'Abeja' });
    const unknown = await t.account('responder', { onDuty: true, zones: [zone], alias: 'Mirlo' });
    await expectOk(near.api.put('/api/responders/me/location', { coordinates: [inside[0] + 0.002, inside[1]] }));
    await expectOk(nearer.api.put('/api/responders/me/location', { coordinates: [inside[0] + 0.001, inside[1]] }));
    const logs = [await t.socket(near), await t.socket(nearer), await t.socket(unknown)];
    const watcher = await t.socket(dispatcher);

    const created = await t.sighting(dispatcher.api, inside, { locationDescription: 'Cermak & <Throop>', activity: 'detaining' });
    const incident = await watcher.next('incident.updated', (v) => v.incident.id === created.sighting.incidentId);
    expect(incident).toEqual(await expectOk(dispatcher.api.get(`/api/incidents/${incident.incident.id}`)));
    expect(incident).toMatchObject({ incident: { status: 'verifying', sources: { total: 1, byChannel: { 'hotline-call': 1 } } }, zones: [{ id: zone.id }] });
    const sent = await watcher.next('dispatch.updated', (d) => d.sightingId === created.sighting.id);
    expect(sent.pings.map((p) => p.alias)).toEqual(['Abeja', 'Zorzal', 'Mirlo']);
    expect(sent).toEqual(await expectOk(dispatcher.api.get(`/api/dispatches/${sent.id}`)));
    expect(created.dispatches).toEqual([sent]);
    for (const [i, account] of [near, nearer, unknown].entries()) {
      const ping = await logs[i]!.next('ping', (p) => p.sighting.id === created.sighting.id);
      const mine = await expectOk<Ping[]>(account.api.get('/api/pings/mine'));
      expect(ping).toEqual(mine.find((p) => p.id === ping.id));
      expect(ping).toMatchObject({ drill: false, team: [], note: '', sighting: { locationDescription: 'Cermak & <Throop>', activity: 'detaining' } });
    }

    // A public report opens an incident that stays reported, with no dispatch: the same holds.
    const far = area().inside;
    await expectOk(
      t.api.post('/api/reports', { location: { type: 'Point', coordinates: far }, observedAt: new Date().toISOString(), description: 'agents' }),
      201,
    );
    const reported = await watcher.next(
      'incident.updated',
      (v) => v.sightings[0]?.channel === 'web' && Math.abs(v.incident.location.coordinates[0]! - far[0]) < 1e-6,
    );
    expect(reported).toEqual(await expectOk(dispatcher.api.get(`/api/incidents/${reported.incident.id}`)));
    expect(reported).toMatchObject({ incident: { status: 'reported', version: 1 }, dispatches: [], zones: [] });
  });

  it('a responder never receives another responder’s ping, and dispatchers receive no pings', async () => {
    const mine = area();
    const zone = await t.zone(mine.area);
    const a = await t.account('responder', { onDuty: true, zones: [zone] });
    const b = await t.account('responder', { onDuty: true, zones: [zone] });
    const [logA, logB, logD] = [await t.socket(a), await t.socket(b), await t.socket(dispatcher)];
    const created = await t.sighting(dispatcher.api, mine.inside);
    expect((await logA.next('ping', (p) => p.sighting.id === created.sighting.id)).responderId).toBe(a.user.responderId);
    expect((await logB.next('ping', (p) => p.sighting.id === created.sighting.id)).responderId).toBe(b.user.responderId);
    expect(logA.of('ping').every((p) => p.responderId === a.user.responderId)).toBe(true);
    expect(logB.of('ping').every((p) => p.responderId === b.user.responderId)).toBe(true);
    await logD.next('sighting.created', (v) => v.sighting.id === created.sighting.id);
    expect(logD.of('ping')).toEqual([]);
  });

  it('shows dispatchers each answer live; only the pinged responder may answer, in a sensible order', async () => {
    const mine = area();
    const zone = await t.zone(mine.area);
    const responder = await t.account('responder', { onDuty: true, zones: [zone] });
    const other = await t.account('responder', { onDuty: true });
    const log = await t.socket(dispatcher);
    const created = await t.sighting(dispatcher.api, mine.inside);
    const ping = created.dispatches[0]!.pings.find((p) => p.responderId === responder.user.responderId)!;

    expect((await other.api.post(`/api/pings/${ping.id}/ack`, { status: 'accepted' })).status).toBe(403);
    expect((await responder.api.post(`/api/pings/${ping.id}/ack`, { status: 'maybe' })).status).toBe(400);
    expect((await responder.api.post('/api/pings/00000000-0000-4000-8000-000000000000/ack', { status: 'accepted' })).status).toBe(404);

    const ack = await responder.api.post(`/api/pings/${ping.id}/ack`, { status: 'accepted', etaMinutes: 6 });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ id: ping.id, status: 'accepted' });
    expect(Date.parse(ack.body.arrivalAt) - Date.now()).toBeGreaterThan(5 * 60_000);
    const update = await log.next('dispatch.updated', (d) => d.pings.some((p) => p.id === ping.id && p.status === 'accepted'));
    expect(update.sightingId).toBe(created.sighting.id);

    for (const status of ['en_route', 'on_scene', 'done']) {
      expect((await responder.api.post(`/api/pings/${ping.id}/ack`, { status })).body.status).toBe(status);
    }
    expect((await responder.api.post(`/api/pings/${ping.id}/ack`, { status: 'declined' })).status).toBe(409);
    const mineNow = await responder.api.get('/api/pings/mine');
    expect(mineNow.body[0]).toMatchObject({ id: ping.id, status: 'done', sighting: { id: created.sighting.id } });
  });

  it('refuses a connection without a token, with a bad token, or with an expired one', async () => {
    await expect(connectSocket(t.baseUrl)).rejects.toThrow(/sign in first/);
    await expect(connectSocket(t.baseUrl, 'garbage')).rejects.toThrow(/invalid or has expired/);
    const { SignJWT } = await import('jose');
    const expired = await new SignJWT({ role: 'dispatcher', name: 'x', rid: null, sat: Date.now() })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(dispatcher.user.id)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 1)
      .sign(new TextEncoder().encode('wrong-secret-wrong-secret-wrong-secret'));
    await expect(connectSocket(t.baseUrl, expired)).rejects.toThrow(/invalid or has expired/);
  });

  it('tells map watchers when zones change', async () => {
    const log = await t.socket(dispatcher);
    const created = await t.zone(polygon(rect(20, 20, 21, 21)), 'New zone');
    expect((await log.next('zone.upserted', (z) => z.id === created.id)).name).toBe('New zone');
    await (await t.asCoordinator()).api.delete(`/api/zones/${created.id}`);
    expect(await log.next('zone.deleted', (z) => z.id === created.id)).toEqual({ id: created.id });
  });
});
