import { ApiClient } from '../support/api-client.js';
import { ApiProcess, waitFor } from '../support/api-process.js';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { connectSocket, EventLog } from '../support/sockets.js';
import { sightingBody, TestApp, type TestAccount } from '../support/test-app.js';

/**
 * Several API processes on one database (real child processes, as behind a load balancer): events reach sockets
 * on any process, caches follow changes made in another, live locations and limits are shared, and a process
 * killed with SIGKILL in the middle of a stream of sightings loses nothing acknowledged and pings nobody twice.
 */
describe('several API processes', () => {
  let t: TestApp;
  let a: ApiProcess;
  let b: ApiProcess;
  let coordinator: TestAccount;
  let dispatcher: TestAccount;
  const sockets: EventLog[] = [];

  beforeAll(async () => {
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '1', REPORTS_PER_CLIENT: '3', TRUST_PROXY: 'true', LOG_LEVEL: 'warn' });
    coordinator = await t.asCoordinator();
    dispatcher = await t.account('dispatcher');
    await t.stopApp();
    [a, b] = await Promise.all([ApiProcess.start(t.env()), ApiProcess.start(t.env())]);
  }, 120_000);
  afterEach(() => {
    for (const s of sockets.splice(0)) s.socket.close();
  });
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()]);
    await t.close();
  });

  const on = (server: ApiProcess, account: TestAccount) => new ApiClient(server.baseUrl, account.token);
  const socketOn = async (server: ApiProcess, account: TestAccount) => {
    const log = new EventLog(await connectSocket(server.baseUrl, account.token));
    sockets.push(log);
    return log;
  };
  /** A responder created on B (through the coordinator's API there), on duty in `zoneId`. */
  const responderIn = async (zoneId: string): Promise<TestAccount> => {
    const invite = await on(b, coordinator).post('/api/invites', {
      alias: `R${Math.random().toString(36).slice(2, 7)}`,
      capabilities: ['verifier'],
      zoneIds: [zoneId],
    });
    expect(invite.status).toBe(201);
    const username = `r${Math.random().toString(36).slice(2, 10)}`;
    const password = 'a-long-password-1';
    expect((await new ApiClient(a.baseUrl).post(`/api/invites/${invite.body.token}/accept`, { username, password })).status).toBe(201);
    const login = await new ApiClient(b.baseUrl).post('/api/auth/login', { username, password });
    const account = { user: login.body.user, token: login.body.accessToken, api: new ApiClient(b.baseUrl, login.body.accessToken), password };
    expect((await account.api.patch('/api/responders/me', { onDuty: true })).status).toBe(200);
    return account;
  };

  it('a sighting posted to A pings a responder whose socket is on B, and a zone drawn on B matches on A within 1 s', async () => {
    const base = freshBase();
    const drawn = Date.now();
    const zone = await on(b, coordinator).post('/api/zones', { name: `Z${drawn}`, area: squareAround(base, 400) });
    expect(zone.status).toBe(201);
    // A learns of the zone through the cluster channel: sightings posted to A fall in it within a second.
    let i = 0;
    const matched = await waitFor(
      'A to match the zone drawn on B',
      async () => {
        const res = await on(a, dispatcher).post('/api/sightings', sightingBody(offset(base, 10 + 50 * i++), { channel: 'sms' }));
        return res.body.zones?.some((z: { id: string }) => z.id === zone.body.id) ? Date.now() - drawn : undefined;
      },
      3_000,
      20,
    );
    expect(matched).toBeLessThan(1_000);

    const responder = await responderIn(zone.body.id);
    // On duty in the zone through B: A's roster hears of it through the cluster channel (milliseconds, more on a
    // busy machine); A's coverage counts from that roster.
    await waitFor('A to count the responder on duty in the zone', async () => {
      const coverage = await on(a, coordinator).get('/api/coverage');
      return (coverage.body.zones.find((z: { zoneId: string }) => z.zoneId === zone.body.id)?.onDuty ?? 0) > 0;
    });
    const onB = await socketOn(b, responder);
    const created = await on(a, dispatcher).post('/api/sightings', sightingBody(offset(base, -150)));
    expect(created.status).toBe(201);
    const ping = await onB.next('ping', (p) => p.sightingId === created.body.sighting.id, 5_000);
    expect(ping.responderId).toBe(responder.user.responderId);
  });

  it('uses a location shared through A for a dispatch started on B', async () => {
    const base = freshBase();
    const zone = await on(a, coordinator).post('/api/zones', { name: `L${Date.now()}`, area: squareAround(base, 2_000) });
    const responder = await responderIn(zone.body.id);
    // Went on duty through B; A hears of it through the cluster channel (within milliseconds).
    await waitFor('A to know the responder is on duty', async () => {
      const list = await on(a, coordinator).get('/api/responders');
      return list.body.find((r: { id: string }) => r.id === responder.user.responderId)?.onDuty === true;
    });
    // Shared over the socket held with A.
    const onA = await socketOn(a, responder);
    const ack = await onA.socket.timeout(3_000).emitWithAck('location', { coordinates: offset(base, 300) });
    expect(ack).toMatchObject({ ok: true });
    await waitFor('B to know the location', async () => {
      const list = await on(b, coordinator).get('/api/responders');
      return list.body.find((r: { id: string }) => r.id === responder.user.responderId)?.location !== null;
    });
    const created = await on(b, dispatcher).post('/api/sightings', sightingBody(base));
    const dispatched = created.body.dispatches[0];
    const pinged = dispatched.pings.find((p: { responderId: string }) => p.responderId === responder.user.responderId);
    expect(pinged.distanceMeters).toBeGreaterThan(250);
    expect(pinged.distanceMeters).toBeLessThan(350);
  });

  it('holds rate limits and sign-in throttles across processes', async () => {
    const client = (server: ApiProcess) => new ApiClient(server.baseUrl).with({ 'x-forwarded-for': '203.0.113.77' });
    const report = () => ({ location: { type: 'Point', coordinates: freshBase() }, observedAt: new Date().toISOString(), description: 'across processes' });
    const statuses = [];
    for (const server of [a, b, a, b]) statuses.push((await client(server).post('/api/reports', report())).status);
    expect(statuses).toEqual([201, 201, 201, 429]);

    const guesses = [];
    for (let i = 0; i < 8; i++)
      guesses.push((await client(i % 2 ? a : b).post('/api/auth/login', { username: dispatcher.user.username, password: `nope-${i}` })).status);
    expect(guesses.slice(6)).toEqual([429, 429]);
  });

  it('keeps serving on B when A is killed mid-stream: nothing acknowledged is lost, missed pings arrive, nobody is pinged twice', async () => {
    const base = freshBase();
    const zone = await on(b, coordinator).post('/api/zones', { name: `K${Date.now()}`, area: squareAround(base, 3_000) });
    const responders = [await responderIn(zone.body.id), await responderIn(zone.body.id), await responderIn(zone.body.id)];
    const onA = await Promise.all(responders.map((r) => socketOn(a, r)));

    // A stream of hotline calls to A, 400 m apart (each its own incident and dispatch), killed in the middle.
    const acknowledged: string[] = [];
    const stream = (async () => {
      for (let i = 0; i < 60; i++) {
        const res = await on(a, dispatcher)
          .post('/api/sightings', sightingBody(offset(base, (i % 10) * 400 - 2000, Math.floor(i / 10) * 400 - 1000)))
          .catch(() => null);
        if (!res) return;
        if (res.status === 201) acknowledged.push(res.body.sighting.id as string);
      }
    })();
    await waitFor('a few sightings acknowledged', () => acknowledged.length >= 5, 20_000);
    a.kill('SIGKILL');
    await a.exit();
    await stream;

    // B keeps serving.
    const after = await on(b, dispatcher).post('/api/sightings', sightingBody(offset(base, 2400, 1600)));
    expect(after.status).toBe(201);
    acknowledged.push(after.body.sighting.id);
    const stored = await t.db.query<{ id: string }>('SELECT id FROM sightings WHERE id = ANY($1::uuid[])', [acknowledged]);
    expect(stored.rows.length).toBe(acknowledged.length);

    // The responders' phones reconnect (to B, as a load balancer would send them) and get every ping still open.
    const onB = await Promise.all(responders.map((r) => socketOn(b, r)));
    for (const [i, responder] of responders.entries()) {
      const { rows } = await t.db.query<{ id: string }>(`SELECT id FROM pings WHERE responder_id = $1 AND status = 'pending'`, [responder.user.responderId]);
      for (const { id } of rows) {
        const seen = onA[i]!.of('ping').some((p) => p.id === id) || onB[i]!.of('ping').some((p) => p.id === id);
        // A ping whose transaction A's death left to commit late reaches B's socket through B's outbox (unsent for
        // LOST_AFTER_MS, swept every SWEEP_EVERY_MS): allow that path generous room on a loaded machine.
        if (!seen) await onB[i]!.next('ping', (p) => p.id === id, 30_000);
      }
    }
    const twice = await t.db.query(`SELECT dispatch_id, responder_id FROM pings GROUP BY 1, 2 HAVING count(*) > 1`);
    expect(twice.rows).toEqual([]);
    // Every ping that committed went out, here or through B's outbox.
    await waitFor(
      'every ping marked sent',
      async () => (await t.db.query(`SELECT count(*)::int AS n FROM pings WHERE notified_at IS NULL`)).rows[0].n === 0,
      15_000,
    );
  }, 120_000);
});
