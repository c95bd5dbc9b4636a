import fc from 'fast-check';
import type { ApiClient } from '../support/api-client.js';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { hostileStrings, numberPaths, pngClaiming, stringPaths, withLeaf } from '../support/hostile.js';
import { pngImage, upload } from '../support/photos.js';
import { expectOk, sightingBody, TestApp, type TestAccount } from '../support/test-app.js';

/**
 * Bad input never reaches PostgreSQL as a 500: every write route is sent hostile text, hostile numbers, hostile
 * dates, hostile structure and hostile multipart, and must answer 4xx with nothing stored. Then fast-check throws
 * random JSON at every JSON route: never a 5xx.
 */
describe('hostile input', () => {
  let t: TestApp;
  let coordinator: TestAccount;
  let dispatcher: TestAccount;
  let responder: TestAccount;
  let routes: Route[];

  type Route = { name: string; method: 'POST' | 'PUT' | 'PATCH'; path: string; as: () => ApiClient; body: () => unknown };

  const tables = [
    'sightings',
    'incidents',
    'zones',
    'zone_responders',
    'invites',
    'users',
    'witnesses',
    'follow_ups',
    'incident_log',
    'dispatches',
    'pings',
    'media',
    'push_subscriptions',
    'referral_organizations',
    'referral_services',
    'referral_service_areas',
    'incident_referrals',
  ];
  const snapshot = async () => {
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
    return counts;
  };
  const send = (route: Route, body: unknown) => {
    const api = route.as();
    return route.method === 'POST' ? api.post(route.path, body) : route.method === 'PUT' ? api.put(route.path, body) : api.patch(route.path, body);
  };

  beforeAll(async () => {
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '1' });
    coordinator = await t.asCoordinator();
    dispatcher = await t.account('dispatcher');
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 500));
    responder = await t.account('responder', { onDuty: true, zones: [zone] });
    const { sighting } = await t.sighting(dispatcher.api, base);
    const incident = await expectOk(dispatcher.api.get(`/api/incidents/${sighting.incidentId}`));
    const [ping] = await expectOk<{ id: string }[]>(responder.api.get('/api/pings/mine'));
    const invite = await expectOk(coordinator.api.post('/api/invites', { alias: 'Gorrión' }), 201);
    const now = () => new Date(Date.now() - 60_000).toISOString();
    const organization = await expectOk<{ id: string }>(coordinator.api.post('/api/referrals/organizations', { name: 'Clínica' }), 201);
    const service = await expectOk<{ id: string }>(
      coordinator.api.post('/api/referrals/services', { organizationId: organization.id, name: 'Consultas' }),
      201,
    );
    routes = [
      {
        name: 'log a sighting',
        method: 'POST',
        path: '/api/sightings',
        as: () => dispatcher.api,
        body: () => ({
          ...sightingBody(offset(base, 40)),
          locationDescription: 'outside the laundromat',
          uniform: 'vests',
          equipment: 'van',
          notes: 'two agents',
        }),
      },
      {
        name: 'public report',
        method: 'POST',
        path: '/api/reports',
        as: () => t.api,
        body: () => ({
          location: { type: 'Point', coordinates: offset(base, 80) },
          observedAt: now(),
          description: 'agents at the corner',
          locationDescription: 'corner store',
          agents: 2,
        }),
      },
      {
        name: 'create a zone',
        method: 'POST',
        path: '/api/zones',
        as: () => coordinator.api,
        body: () => ({ name: 'Hostile test zone', area: squareAround(offset(base, 5000), 300) }),
      },
      { name: 'rename a zone', method: 'PATCH', path: `/api/zones/${zone.id}`, as: () => coordinator.api, body: () => ({ name: 'Renamed zone' }) },
      { name: 'invite a responder', method: 'POST', path: '/api/invites', as: () => coordinator.api, body: () => ({ alias: 'Colibrí', languages: ['es'] }) },
      {
        name: 'accept an invite',
        method: 'POST',
        path: `/api/invites/${invite.token}/accept`,
        as: () => t.api,
        body: () => ({ username: 'gorrion', password: 'a-long-password-1' }),
      },
      { name: 'sign in', method: 'POST', path: '/api/auth/login', as: () => t.api, body: () => ({ username: 'somebody', password: 'something-long' }) },
      {
        name: 'change status',
        method: 'POST',
        path: `/api/incidents/${incident.incident.id}/status`,
        as: () => dispatcher.api,
        body: () => ({ status: 'confirmed', reason: 'seen by a verifier', version: 999 }),
      },
      {
        name: 'add a note',
        method: 'POST',
        path: `/api/incidents/${incident.incident.id}/notes`,
        as: () => dispatcher.api,
        body: () => ({ text: 'called back' }),
      },
      {
        name: 'write the debrief',
        method: 'PUT',
        path: `/api/incidents/${incident.incident.id}/debrief`,
        as: () => dispatcher.api,
        body: () => ({ text: 'what happened', version: 999 }),
      },
      {
        name: 'add a witness',
        method: 'POST',
        path: `/api/incidents/${incident.incident.id}/witnesses`,
        as: () => dispatcher.api,
        body: () => ({ contact: '+1 312 555 0100', note: 'saw the van' }),
      },
      {
        name: 'add a follow-up',
        method: 'POST',
        path: `/api/incidents/${incident.incident.id}/follow-ups`,
        as: () => dispatcher.api,
        body: () => ({ kind: 'check_in', note: 'call the family', dueAt: new Date(Date.now() + 86_400_000).toISOString() }),
      },
      {
        name: 'dispatch',
        method: 'POST',
        path: `/api/incidents/${incident.incident.id}/dispatches`,
        as: () => dispatcher.api,
        body: () => ({ needs: [{ capability: 'legal_observer', count: 1 }], note: 'bring a camera' }),
      },
      {
        name: 'edit a responder',
        method: 'PATCH',
        path: `/api/responders/${responder.user.responderId}`,
        as: () => coordinator.api,
        body: () => ({ alias: 'Tecolote', languages: ['es', 'en'] }),
      },
      {
        name: 'share a location',
        method: 'PUT',
        path: '/api/responders/me/location',
        as: () => responder.api,
        body: () => ({ coordinates: offset(base, 10), accuracy: 12 }),
      },
      {
        name: 'subscribe to push',
        method: 'PUT',
        path: '/api/push/subscription',
        as: () => responder.api,
        body: () => ({
          endpoint: 'https://127.0.0.1/push/abc',
          keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' },
        }),
      },
      {
        name: 'give a verdict',
        method: 'POST',
        path: `/api/pings/${ping!.id}/verdict`,
        as: () => responder.api,
        body: () => ({ verdict: 'other_agency', note: 'sheriff', otherAgency: 'sheriff' }),
      },
      {
        name: 'add a referral organization',
        method: 'POST',
        path: '/api/referrals/organizations',
        as: () => coordinator.api,
        body: () => ({ name: 'Defensa Legal', description: 'removal defense', phone: '555-0100', website: 'https://example.org', trustNotes: 'calls back' }),
      },
      {
        name: 'add a referral service',
        method: 'POST',
        path: '/api/referrals/services',
        as: () => coordinator.api,
        body: () => ({
          organizationId: organization.id,
          name: 'Bond fund',
          languages: ['es', 'vi'],
          needs: ['bond'],
          schedule: [{ days: ['mo'], opens: '09:00', closes: '17:00' }],
          immigrationCourts: ['Downtown'],
          areas: [{ name: 'Eastside', area: squareAround(offset(base, 9000), 300) }],
        }),
      },
      {
        name: 'edit a referral service',
        method: 'PATCH',
        path: `/api/referrals/services/${service.id}`,
        as: () => coordinator.api,
        body: () => ({ description: 'free consultations', applicationProcess: 'call first', requiredDocuments: ['A-number'] }),
      },
      {
        name: 'set a service area',
        method: 'PUT',
        path: `/api/referrals/services/${service.id}/areas`,
        as: () => coordinator.api,
        body: () => ({ areas: [{ name: 'Northside', area: squareAround(offset(base, 12_000), 300) }] }),
      },
      {
        name: 'refer from an incident',
        method: 'POST',
        path: `/api/incidents/${incident.incident.id}/referrals`,
        as: () => dispatcher.api,
        body: () => ({ serviceId: service.id, note: 'mother speaks Mam', followUpDays: 2 }),
      },
      {
        name: 'answer a ping',
        method: 'POST',
        path: `/api/pings/${ping!.id}/ack`,
        as: () => responder.api,
        body: () => ({ status: 'accepted', etaMinutes: 6 }),
      },
    ];
  });
  afterAll(() => t.close());

  it('refuses hostile text in every string field of every route, naming the field, storing nothing', async () => {
    const before = await snapshot();
    const failures: string[] = [];
    for (const route of routes) {
      const valid = route.body();
      for (const path of stringPaths(valid)) {
        for (const hostile of hostileStrings) {
          const res = await send(route, withLeaf(valid, path, hostile.value));
          const named = JSON.stringify(res.body?.issues ?? res.body?.message ?? '').includes(path.join('.'));
          if (res.status !== 400 || !named) failures.push(`${route.name} ${path.join('.')} ${hostile.name}: ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses hostile structure, sizes and numbers on every route', async () => {
    const before = await snapshot();
    const failures: string[] = [];
    const expectStatus = (what: string, status: number, allowed: number[]) => {
      if (!allowed.includes(status)) failures.push(`${what}: ${status}`);
    };
    for (const route of routes) {
      const api = route.as();
      const valid = route.body();
      // 100,000 levels of nesting: refused before the parser recurses into it.
      expectStatus(`${route.name} deep`, (await api.raw(route.method, route.path, '['.repeat(100_000) + ']'.repeat(100_000))).status, [400, 413]);
      expectStatus(`${route.name} deep within limit`, (await api.raw(route.method, route.path, '{"a":'.repeat(40) + '1' + '}'.repeat(40))).status, [400]);
      // Bytes that are not UTF-8.
      const raw = await fetch(t.baseUrl + route.path, {
        method: route.method,
        headers: { 'content-type': 'application/json', ...(api.token ? { authorization: `Bearer ${api.token}` } : {}) },
        body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      });
      expectStatus(`${route.name} not UTF-8`, raw.status, [400]);
      // Not JSON, the wrong shape, an empty body.
      expectStatus(`${route.name} not JSON`, (await api.raw(route.method, route.path, '{"unterminated": ')).status, [400]);
      expectStatus(`${route.name} array`, (await send(route, [valid])).status, [400]);
      expectStatus(`${route.name} unknown field`, (await send(route, { ...(valid as object), sneaky: 'x' })).status, [400]);
      // Huge: a field far over its limit (400), a body over the body limit (413).
      for (const path of stringPaths(valid).slice(0, 2)) {
        expectStatus(`${route.name} ${path.join('.')} long`, (await send(route, withLeaf(valid, path, 'x'.repeat(50_000)))).status, [400]);
      }
      expectStatus(`${route.name} huge body`, (await send(route, withLeaf(valid, stringPaths(valid)[0] ?? ['x'], 'x'.repeat(300_000)))).status, [413]);
      // Non-finite and absurd numbers: 1e999 parses to Infinity.
      for (const path of numberPaths(valid)) {
        const text = JSON.stringify(withLeaf(valid, path, 123456789.5)).replace('123456789.5', '1e999');
        expectStatus(`${route.name} ${path.join('.')} Infinity`, (await api.raw(route.method, route.path, text)).status, [400]);
        expectStatus(`${route.name} ${path.join('.')} huge`, (await send(route, withLeaf(valid, path, 1e300))).status, [400]);
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses ancient, far-future and out-of-window dates', async () => {
    const before = await snapshot();
    const dated = routes.filter((r) => ['log a sighting', 'public report', 'add a follow-up'].includes(r.name));
    for (const route of dated) {
      const valid = route.body() as Record<string, unknown>;
      const field = 'observedAt' in valid ? 'observedAt' : 'dueAt';
      for (const date of ['0001-01-01T00:00:00Z', '1900-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2020-13-45T99:99:99Z', 'yesterday']) {
        const res = await send(route, { ...valid, [field]: date });
        expect([route.name, date, res.status, res.body.issues?.[0]?.path]).toEqual([route.name, date, 400, field]);
      }
    }
    // Observed ten days ago is outside the default window of seven days; next month is in the future.
    const sighting = routes.find((r) => r.name === 'log a sighting')!;
    for (const at of [Date.now() - 10 * 86_400_000, Date.now() + 30 * 86_400_000]) {
      const res = await send(sighting, { ...(sighting.body() as object), observedAt: new Date(at).toISOString() });
      expect(res.status).toBe(400);
      expect(res.body.issues[0].path).toBe('observedAt');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses hostile text in query strings and route parameters', async () => {
    for (const path of [
      '/api/sightings?since=%00',
      '/api/incidents?since=1900-01-01T00:00:00Z',
      '/api/incidents/%00',
      '/api/sightings?bbox=%F0%9F',
      '/api/zones/%E2%80%AE',
    ]) {
      const res = await dispatcher.api.get(path);
      expect([path, res.status]).toEqual([path, 400]);
    }
    const res = await t.api.post('/api/invites/%00abc/accept', { username: 'someone', password: 'a-long-password-1' });
    expect(res.status).toBe(400);
  });

  it('refuses query strings and paths whose percent-encoding is not UTF-8, naming the parameter or the path', async () => {
    const refused = async (api: ApiClient, path: string, field: string) => {
      const res = await api.get(path);
      const problem = 'is not valid UTF-8 percent-encoding';
      expect([path, res.status, res.body]).toEqual([
        path,
        400,
        { statusCode: 400, error: 'Bad Request', message: `${field}: ${problem}`, issues: [{ path: field, message: problem }] },
      ]);
    };
    for (const bad of ['%FF', '%C3%28', '%ED%A0%80', '%E0%A4%A', '%zz']) {
      await refused(dispatcher.api, `/api/geocode?q=${bad}`, 'q');
      await refused(dispatcher.api, `/api/sightings?since=${encodeURIComponent(new Date().toISOString())}&bbox=1,2${bad}`, 'bbox');
      await refused(t.api, `/api/public/geocode?q=main&near=${bad}`, 'near');
      await refused(t.api, `/api/invites/abc${bad}`, 'path');
      await refused(dispatcher.api, `/api/zones/${bad}`, 'path');
      await refused(t.api, `/api/shifts/calendar/${'a'.repeat(43)}${bad}.ics`, 'path');
    }
    await refused(dispatcher.api, '/api/geocode?q=main&%FF=1', '%FF');
    // Text that is UTF-8 still goes through; pages outside the API answer as before.
    expect((await dispatcher.api.get('/api/geocode?q=caf%C3%A9+%E2%82%AC')).status).toBe(200);
    expect((await t.api.get('/no-such-page?q=%FF')).status).toBe(404);
  });

  it('refuses broken multipart bodies and absurd photos with 4xx, storing nothing', async () => {
    const before = await snapshot();
    const incidentId = routes.find((r) => r.name === 'add a note')!.path.split('/')[3]!;
    const targets = [
      { url: `${t.baseUrl}/api/reports`, token: null },
      { url: `${t.baseUrl}/api/incidents/${incidentId}/media`, token: dispatcher.token },
    ];
    const post = (url: string, token: string | null, contentType: string, body: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
    for (const { url, token } of targets) {
      const truncated = '--XyZ\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG';
      for (const [contentType, body] of [
        ['multipart/form-data; boundary=XyZ', truncated],
        ['multipart/form-data', '--XyZ\r\n\r\n'],
        ['multipart/form-data; boundary=Other', '--XyZ\r\nContent-Disposition: form-data; name="report"\r\n\r\n{}\r\n--XyZ--\r\n'],
        ['multipart/form-data; boundary=XyZ', '--XyZ\r\nContent-Disposition: nonsense\r\n\r\nx\r\n--XyZ--\r\n'],
      ] as const) {
        const res = await post(url, token, contentType, body);
        expect([url, contentType, res.status >= 400 && res.status < 500]).toEqual([url, contentType, true]);
      }
      // A photo whose header claims 16000 × 16000 pixels: refused from its header.
      const huge = await upload(
        url,
        token,
        pngClaiming(16_000, 16_000),
        'image/png',
        'huge.png',
        url.endsWith('/reports')
          ? {
              report: JSON.stringify({ location: { type: 'Point', coordinates: freshBase() }, observedAt: new Date().toISOString(), description: 'big photo' }),
            }
          : {},
      );
      expect(huge.status).toBe(413);
      expect(huge.body.message).toMatch(/16000×16000/);
    }
    // A small real photo still goes through.
    expect((await upload(targets[1]!.url, dispatcher.token, await pngImage(), 'image/png', 'ok.png')).status).toBe(201);
    const after = await snapshot();
    expect({ ...after, media: before.media, incident_log: before.incident_log }).toEqual(before);
    expect(after.media).toBe(before.media! + 1);
  });

  it('never answers 5xx to random JSON on any JSON route (fast-check)', async () => {
    const seen: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(
          fc.jsonValue(),
          // Random values under the route's own field names, to get past the shape check into the service.
          fc.dictionary(
            fc.constantFrom(
              'location',
              'observedAt',
              'name',
              'area',
              'text',
              'status',
              'version',
              'needs',
              'coordinates',
              'contact',
              'dueAt',
              'kind',
              'alias',
              'verdict',
              'description',
            ),
            fc.jsonValue(),
          ),
          fc.string({ unit: 'binary' }).map((s) => ({ text: s, name: s, description: s, contact: s })),
        ),
        async (route, body) => {
          const res = await send(route, body);
          if (res.status >= 500) seen.push(`${route.name}: ${JSON.stringify(body).slice(0, 200)} → ${res.status}`);
          return res.status < 500;
        },
      ),
      { numRuns: 400, seed: 20261129 },
    );
    expect(seen).toEqual([]);
  });
});
