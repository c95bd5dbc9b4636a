import type pg from 'pg';
import { ZoneMatcher } from '../../apps/api/src/zones/zone-matcher.js';
import { waitFor } from '../support/api-process.js';
import { testServerUrl } from '../support/database.js';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { sightingBody, TestApp } from '../support/test-app.js';

/**
 * The database goes away under a running API — PostgreSQL restarted, a failover, the network cut — and comes
 * back. Until it does, every request that needs it is a 503 with Retry-After that says so (never a 500 logged as a
 * bug) and nothing is half-stored; /api/health says 503 so that a load balancer stops sending traffic. Once it is
 * back the same process serves again without a restart, and what changed meanwhile (written by another process,
 * whose notification was lost with the connection) is read back.
 */
describe('when the database goes away and comes back', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  beforeAll(async () => {
    proxy = await TcpProxy.to(testServerUrl());
    t = await TestApp.start({}, { databaseVia: (url) => proxy.url(url) });
  });
  afterAll(async () => {
    await proxy.restore();
    await t.close();
    await proxy.close();
  });

  /** A zone written as another process would, without the notification this process would have received. */
  const zoneBehindItsBack = async (db: pg.Pool, at: [number, number]): Promise<string> =>
    (
      await db.query<{ id: string }>(`INSERT INTO zones (name, area) VALUES ($1, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326))) RETURNING id`, [
        `outage ${Math.random().toString(36).slice(2, 8)}`,
        JSON.stringify(squareAround(at, 200)),
      ])
    ).rows[0]!.id;

  it('answers 503 while it is unreachable, stores nothing, and serves again (pings included) with what changed meanwhile', async () => {
    const dispatcher = await t.account('dispatcher');
    const base = freshBase();
    const [before, meanwhile, refused, covered] = [offset(base, 0), offset(base, 3000), offset(base, 6000), offset(base, 9000)];
    // A responder whose phone stays connected through the outage (sockets do not need the database).
    const responder = await t.account('responder', { onDuty: true, zones: [await t.zone(squareAround(covered, 500))] });
    const phone = await t.socket(responder);
    expect((await t.api.get('/api/health')).status).toBe(200);
    // The zone index is a cache: a zone written with no notification is not seen (so the check below can fail).
    const written = await zoneBehindItsBack(t.db, before);
    expect((await t.sighting(dispatcher.api, before)).zones.map((z) => z.id)).not.toContain(written);

    await proxy.cut();
    const health = await waitFor('health to say 503', async () => {
      const res = await t.api.get('/api/health');
      return res.status === 503 ? res : undefined;
    });
    expect(health.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: 'down: database' });
    expect(health.headers.get('retry-after')).toBe('5');

    const report = await dispatcher.api.post('/api/sightings', sightingBody(refused));
    expect(report.status).toBe(503);
    expect(report.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(/temporarily unavailable.*try again/) });
    expect(report.headers.get('retry-after')).toBe('5');
    // Meanwhile another process draws a zone; this one's notification is lost with its connection.
    const drawn = await zoneBehindItsBack(t.db, meanwhile);

    await proxy.restore();
    await waitFor('health to say 200', async () => (await t.api.get('/api/health')).status === 200);
    const matcher = t.app.get(ZoneMatcher);
    await waitFor('the zones to be read back', () => matcher.match(...meanwhile).some((z) => z.id === drawn), 10_000);
    expect((await t.sighting(dispatcher.api, meanwhile)).zones.map((z) => z.id)).toEqual([drawn]);
    expect((await t.sighting(dispatcher.api, before)).zones.map((z) => z.id)).toContain(written);
    // The whole hot path works again: a hotline call pings the responder whose socket lived through the outage.
    const call = await t.sighting(dispatcher.api, covered, { channel: 'hotline-call' });
    expect((await phone.next('ping', (p) => p.sightingId === call.sighting.id)).dispatchId).toBe(call.dispatches[0]!.id);
    // The refused report was not half-stored.
    const near = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sightings WHERE ST_DWithin(location::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 100)`,
      refused,
    );
    expect(near.rows[0]!.n).toBe(0);
  }, 60_000);
});
