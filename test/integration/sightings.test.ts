import { ZoneIndex } from '@centinela/geo';
import type { MultiPolygon } from 'geojson';
import { polygon, rect, sightingBody, TestApp, type TestAccount } from '../support/test-app.js';

describe('sightings', () => {
  let t: TestApp;
  let dispatcher: TestAccount;
  beforeAll(async () => {
    t = await TestApp.start({ REPORTS_PER_CLIENT: '3' });
    dispatcher = await t.account('dispatcher');
  });
  afterAll(() => t.close());

  describe('matching a sighting to the zones that cover it', () => {
    let plain: string, donut: string, islands: string;
    beforeAll(async () => {
      plain = (await t.zone(polygon(rect(-10, -10, -9, -9)), 'plain')).id;
      donut = (await t.zone(polygon(rect(-20, -20, -16, -16), rect(-19, -19, -17, -17)), 'donut')).id;
      const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[rect(-30, -30, -29, -29)], [rect(-25, -25, -24, -24)]] };
      islands = (await t.zone(multi, 'islands')).id;
    });

    const zonesAt = async (at: [number, number]) => (await t.sighting(dispatcher.api, at)).zones.map((z) => z.id);

    it('inside a zone', async () => expect(await zonesAt([-9.5, -9.5])).toEqual([plain]));
    it('outside every zone', async () => expect(await zonesAt([-12, -12])).toEqual([]));
    it('on the boundary (counts as inside)', async () => expect(await zonesAt([-10, -9.5])).toEqual([plain]));
    it('in a hole (outside)', async () => expect(await zonesAt([-18, -18])).toEqual([]));
    it('on a hole boundary (inside)', async () => expect(await zonesAt([-19, -18])).toEqual([donut]));
    it('in the second part of a MultiPolygon', async () => expect(await zonesAt([-24.5, -24.5])).toEqual([islands]));

    it('stores the matched zones with the sighting', async () => {
      const view = await t.sighting(dispatcher.api, [-29.5, -29.5]);
      const { rows } = await t.db.query('SELECT zone_ids FROM sightings WHERE id = $1', [view.sighting.id]);
      expect(rows[0].zone_ids).toEqual([islands]);
    });

    it('follows zones as they are redrawn and deleted', async () => {
      const coordinator = await t.asCoordinator();
      const zone = await t.zone(polygon(rect(40, 40, 41, 41)));
      expect(await zonesAt([42.5, 40.5])).toEqual([]);
      await coordinator.api.patch(`/api/zones/${zone.id}`, { area: polygon(rect(40, 40, 43, 41)) });
      expect(await zonesAt([42.5, 40.5])).toEqual([zone.id]);
      await coordinator.api.delete(`/api/zones/${zone.id}`);
      expect(await zonesAt([42.5, 40.5])).toEqual([]);
    });

    it('agrees with PostGIS ST_Covers on random points, boundaries included', async () => {
      const { rows: zones } = await t.db.query('SELECT id, ST_AsGeoJSON(area)::json AS area FROM zones');
      const index = new ZoneIndex(zones);
      const points: [number, number][] = [];
      for (let i = 0; i < 400; i++) points.push([-31 + Math.random() * 16, -31 + Math.random() * 23]);
      points.push([-16, -18], [-20, -20], [-17, -17.5], [-29, -29.5], [-9, -9]);
      const { rows } = await t.db.query(
        `SELECT p.i, coalesce(array_agg(z.id ORDER BY z.id) FILTER (WHERE z.id IS NOT NULL), '{}') AS ids
           FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lon, lat, i)
           LEFT JOIN zones z ON ST_Covers(z.area, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))
          GROUP BY p.i ORDER BY p.i`,
        [points.map((p) => p[0]), points.map((p) => p[1])],
      );
      const disagreements = points.filter((p, i) => JSON.stringify(index.match(p[0], p[1]).sort()) !== JSON.stringify(rows[i].ids));
      expect(disagreements).toEqual([]);
    });
  });

  it('stores full SALUTE details and returns them with status "reported"', async () => {
    const body = sightingBody([-87.66, 41.85], {
      size: { agents: 5, vehicles: 2 },
      activity: 'workplace_raid',
      locationDescription: 'Loading dock behind the plant on 31st',
      agency: 'hsi',
      uniform: 'HSI windbreakers',
      equipment: 'three vans, plates IL 7GH 221',
      notes: 'Workers texting from inside',
      channel: 'sms',
    });
    const res = await dispatcher.api.post('/api/sightings', body);
    expect(res.status).toBe(201);
    expect(res.body.sighting).toMatchObject({
      status: 'reported',
      channel: 'sms',
      size: { agents: 5, vehicles: 2 },
      activity: 'workplace_raid',
      agency: 'hsi',
      location: { type: 'Point', coordinates: [-87.66, 41.85] },
      observedAt: body.observedAt,
    });
    const fetched = await dispatcher.api.get(`/api/sightings/${res.body.sighting.id}`);
    expect(fetched.body).toEqual(res.body);
  });

  describe('refuses bad input with a 400 that names the field, storing nothing', () => {
    const base = sightingBody([-87.66, 41.85]);
    const cases: [string, unknown, string][] = [
      ['a latitude out of range', { ...base, location: { type: 'Point', coordinates: [-87.66, 91] } }, 'location.coordinates.1'],
      ['a longitude out of range', { ...base, location: { type: 'Point', coordinates: [-187.66, 41] } }, 'location.coordinates.0'],
      ['a missing coordinate', { ...base, location: { type: 'Point', coordinates: [-87.66] } }, 'location.coordinates'],
      ['a Polygon as location', { ...base, location: polygon(rect(0, 0, 1, 1)) }, 'location.type'],
      ['no location', { ...base, location: undefined }, 'location'],
      ['an unknown agency', { ...base, agency: 'fbi' }, 'agency'],
      ['an unknown channel', { ...base, channel: 'pigeon' }, 'channel'],
      ['an unknown field', { ...base, callerPhone: '+1 555 0100' }, 'callerPhone'],
      ['an observation in the future', { ...base, observedAt: new Date(Date.now() + 3_600_000).toISOString() }, 'observedAt'],
      ['too long notes', { ...base, notes: 'x'.repeat(2001) }, 'notes'],
    ];
    it.each(cases)('%s', async (_, body, path) => {
      const before = await t.count('sightings');
      const res = await dispatcher.api.post('/api/sightings', body);
      expect(res.status).toBe(400);
      expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(path);
      expect(await t.count('sightings')).toBe(before);
    });

    it('a non-finite coordinate (1e999 parses to Infinity)', async () => {
      const before = await t.count('sightings');
      const raw = JSON.stringify(base).replace('-87.66', '1e999');
      const res = await dispatcher.api.raw('POST', '/api/sightings', raw);
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([{ path: 'location.coordinates.0', message: 'must be a finite number', code: 'invalid' }]);
      expect(await t.count('sightings')).toBe(before);
    });

    it('malformed JSON', async () => {
      const res = await dispatcher.api.raw('POST', '/api/sightings', '{"location": ');
      expect(res.status).toBe(400);
    });
  });

  it('answers 413 to a body over the limit and stores nothing', async () => {
    const before = await t.count('sightings');
    const huge = JSON.stringify({ ...sightingBody([0, 0]), notes: 'x'.repeat(300 * 1024) });
    const res = await dispatcher.api.raw('POST', '/api/sightings', huge);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    expect(await t.count('sightings')).toBe(before);
  });

  it('lists recent sightings inside a bbox, newest first, with zones and dispatches', async () => {
    // SMS sightings dispatch nobody automatically, so nothing changes them between creation and listing.
    const a = await t.sighting(dispatcher.api, [100.1, 10.1], { channel: 'sms' });
    const b = await t.sighting(dispatcher.api, [100.2, 10.2], { channel: 'sms' });
    await t.sighting(dispatcher.api, [120, 10], { channel: 'sms' });
    const res = await dispatcher.api.get('/api/sightings?bbox=100,10,101,11');
    expect(res.status).toBe(200);
    expect(res.body.map((v: { sighting: { id: string } }) => v.sighting.id)).toEqual([b.sighting.id, a.sighting.id]);
    expect(res.body[0]).toEqual(b);
    const future = await dispatcher.api.get(`/api/sightings?bbox=100,10,101,11&since=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(future.body).toEqual([]);
    expect((await dispatcher.api.get('/api/sightings?bbox=100,10,x,11')).body.issues[0].path).toBe('bbox');
  });

  describe('public reports', () => {
    it('land as a reported web sighting for dispatchers without pinging anyone', async () => {
      const zone = await t.zone(polygon(rect(60, 60, 61, 61)));
      await t.account('responder', { onDuty: true, zones: [zone] });
      const res = await t.api.post('/api/reports', {
        location: { type: 'Point', coordinates: [60.5, 60.5] },
        observedAt: new Date(Date.now() - 60_000).toISOString(),
        description: 'Two unmarked cars stopping people at the bus stop',
        agents: 4,
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ received: true });
      const [view] = (await dispatcher.api.get('/api/sightings?bbox=60,60,61,61')).body;
      expect(view.sighting).toMatchObject({
        channel: 'web',
        status: 'reported',
        notes: 'Two unmarked cars stopping people at the bus stop',
        size: { agents: 4, vehicles: null },
      });
      expect(view.zones.map((z: { id: string }) => z.id)).toEqual([zone.id]);
      expect(view.dispatches).toEqual([]);
      const { rows } = await t.db.query('SELECT reported_by FROM sightings WHERE id = $1', [view.sighting.id]);
      expect(rows[0].reported_by).toBeNull();
    });

    it('are rate-limited per client with a 429, and nothing about the client is stored', async () => {
      const report = { location: { type: 'Point', coordinates: [70, 70] }, observedAt: new Date(Date.now() - 1000).toISOString(), description: 'agents' };
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await t.api.post('/api/reports', report)).status);
      // The earlier public report in this file counts too: REPORTS_PER_CLIENT is 3.
      expect(statuses).toEqual([201, 201, 429, 429]);
      // No column that could hold a client's IP address (contact addresses are only ever stored as keyed hashes or sealed).
      const { rows } = await t.db.query(
        `SELECT count(*)::int AS n FROM information_schema.columns
          WHERE table_schema = 'public' AND (column_name ~* '(^|_)ip($|_)|ip_?addr|(remote|client|host)_?addr' OR data_type = 'inet')`,
      );
      expect(rows[0].n).toBe(0);
    });
  });
});
