import { polygon, rect, TestApp } from '../support/test-app.js';

describe('zones', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('creates a zone from a Polygon, stored and returned as a MultiPolygon', async () => {
    const { api } = await t.asCoordinator();
    const res = await api.post('/api/zones', { name: '  Pilsen ', area: polygon(rect(-87.686, 41.846, -87.636, 41.858)) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Pilsen',
      responderIds: [],
      area: { type: 'MultiPolygon', coordinates: [[rect(-87.686, 41.846, -87.636, 41.858)]] },
    });
    const list = await api.get('/api/zones');
    expect(list.body.map((z: { id: string }) => z.id)).toContain(res.body.id);
  });

  it('renames and redraws a zone, then deletes it', async () => {
    const { api } = await t.asCoordinator();
    const zone = await t.zone(polygon(rect(0, 0, 1, 1)));
    const renamed = await api.patch(`/api/zones/${zone.id}`, { name: 'Renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Renamed');
    expect(renamed.body.area).toEqual(zone.area);
    const redrawn = await api.patch(`/api/zones/${zone.id}`, { area: polygon(rect(0, 0, 2, 2)) });
    expect(redrawn.body.area.coordinates[0][0][2]).toEqual([2, 2]);
    expect(redrawn.body.name).toBe('Renamed');
    expect((await api.delete(`/api/zones/${zone.id}`)).status).toBe(204);
    expect((await api.get(`/api/zones/${zone.id}`)).status).toBe(404);
    expect((await api.delete(`/api/zones/${zone.id}`)).status).toBe(404);
  });

  it('assigns responders, replacing the previous set', async () => {
    const { api } = await t.asCoordinator();
    const zone = await t.zone(polygon(rect(5, 5, 6, 6)));
    const [a, b] = [await t.account('responder'), await t.account('responder')];
    const first = await api.put(`/api/zones/${zone.id}/responders`, { responderIds: [a.user.responderId, b.user.responderId] });
    expect(first.body.responderIds.sort()).toEqual([a.user.responderId, b.user.responderId].sort());
    const second = await api.put(`/api/zones/${zone.id}/responders`, { responderIds: [b.user.responderId] });
    expect(second.body.responderIds).toEqual([b.user.responderId]);
    const responders = await api.get('/api/responders');
    expect(responders.body.find((r: { id: string }) => r.id === b.user.responderId).zoneIds).toEqual([zone.id]);
  });

  it('shows responders the shape and name of zones, never who else covers them', async () => {
    const { api } = await t.asCoordinator();
    const zone = await t.zone(polygon(rect(7, 7, 8, 8)));
    const responder = await t.account('responder', { zones: [zone] });
    const colleague = await t.account('responder', { zones: [zone] });
    const list = await responder.api.get('/api/zones');
    const mine = list.body.find((z: { id: string }) => z.id === zone.id);
    expect(mine).toEqual({ id: zone.id, name: zone.name, area: zone.area, updatedAt: expect.any(String) });
    expect(JSON.stringify(list.body)).not.toContain(colleague.user.responderId);
    const one = await responder.api.get(`/api/zones/${zone.id}`);
    expect(one.body.responderIds).toBeUndefined();
    // Dispatchers and coordinators still see the members.
    expect((await api.get(`/api/zones/${zone.id}`)).body.responderIds.sort()).toEqual([responder.user.responderId, colleague.user.responderId].sort());
  });

  it('refuses an unknown responder by its position in the list, and changes nothing', async () => {
    const { api } = await t.asCoordinator();
    const zone = await t.zone(polygon(rect(7, 7, 8, 8)));
    const a = await t.account('responder');
    const res = await api.put(`/api/zones/${zone.id}/responders`, { responderIds: [a.user.responderId, '00000000-0000-4000-8000-000000000000'] });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([{ path: 'responderIds.1', message: 'no responder 00000000-0000-4000-8000-000000000000' }]);
    expect((await api.get(`/api/zones/${zone.id}`)).body.responderIds).toEqual([]);
  });

  describe('refuses an invalid area with a 400 that names the problem, storing nothing', () => {
    const bowTie = [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ];
    const cases: [string, unknown, RegExp][] = [
      [
        'an open ring',
        polygon([
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ]),
        /^area\.coordinates\.0: ring is not closed/,
      ],
      [
        'a ring of three positions',
        polygon([
          [0, 0],
          [1, 0],
          [0, 0],
        ]),
        /^area\.coordinates\.0: a ring needs at least 4 positions/,
      ],
      ['a self-intersecting polygon', polygon(bowTie), /^area\.coordinates: polygon intersects itself near \[0\.5, 0\.5\]/],
      ['a latitude out of range', polygon(rect(0, 0, 1, 95)), /latitude must be between -90 and 90/],
      ['a string coordinate', polygon([[0, 0], ['1', 0] as unknown as number[], [1, 1], [0, 0]]), /area\.coordinates\.0\.1\.0: must be a finite number/],
      ['a Point', { type: 'Point', coordinates: [0, 0] }, /^area\.type: /],
      ['a hole outside its shell', polygon(rect(0, 0, 1, 1), rect(5, 5, 6, 6)), /^area: not a valid area: Hole lies outside shell/],
    ];
    it.each(cases)('%s', async (_, area, message) => {
      const { api } = await t.asCoordinator();
      const before = await t.count('zones');
      const res = await api.post('/api/zones', { name: 'Bad', area });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(await t.count('zones')).toBe(before);
    });

    it('on update too, leaving the zone as it was', async () => {
      const { api } = await t.asCoordinator();
      const zone = await t.zone(polygon(rect(9, 9, 10, 10)));
      const res = await api.patch(`/api/zones/${zone.id}`, { name: 'Changed', area: polygon(bowTie) });
      expect(res.status).toBe(400);
      expect((await api.get(`/api/zones/${zone.id}`)).body).toEqual(zone);
    });
  });

  it('rejects unknown fields, an empty update and a malformed id', async () => {
    const { api } = await t.asCoordinator();
    const zone = await t.zone(polygon(rect(11, 11, 12, 12)));
    const unknown = await api.post('/api/zones', { name: 'x', area: polygon(rect(0, 0, 1, 1)), color: 'red' });
    expect(unknown.body.issues).toEqual([{ path: 'color', message: 'unknown field', code: 'unknownField' }]);
    expect((await api.patch(`/api/zones/${zone.id}`, {})).status).toBe(400);
    const badId = await api.get('/api/zones/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.issues).toEqual([{ path: 'id', message: 'must be a UUID', code: 'invalidFormat' }]);
  });
});
