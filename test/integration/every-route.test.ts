import { randomUUID } from 'node:crypto';
import type { ApiClient } from '../support/api-client.js';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { hostileStrings, withLeaf } from '../support/hostile.js';
import { expectOk, TestApp } from '../support/test-app.js';

/**
 * Every documented operation, read from the OpenAPI document so that a route is covered the day it is added:
 * a body generated from its schema, then every field of it replaced by hostile values, hostile query parameters,
 * unknown and malformed ids, as every role and anonymously. Never a 5xx, and every 4xx is the one JSON
 * ErrorResponse that names the problem (a handler that had set a feed's XML content type before failing once
 * turned its 404 into a 500). `hostile-input.test.ts` goes deeper on the main write routes (nothing stored).
 */
type Schema = Record<string, any>;
type Operation = { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; spec: Record<string, any> };

const UUID_ONLY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A value for a schema: realistic by field name where a schema cannot say it (a language code, a ring), else by type. */
function generate(s: Schema | undefined, hints: Record<string, unknown>, name = '', depth = 0): unknown {
  if (!s || depth > 8) return {};
  if (name in hints) return hints[name];
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined && s.default !== null) return s.default;
  const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alternatives) return generate(alternatives.find((a) => a.type !== 'null') ?? alternatives[0], hints, name, depth + 1);
  const type: unknown = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries((s.properties ?? {}) as Record<string, Schema>).map(([k, v]) => [k, generate(v, hints, k, depth + 1)]));
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => generate(s.items, hints, '', depth + 1));
    case 'string':
      if (s.format === 'uuid') return randomUUID();
      if (s.format === 'date-time') return new Date(Date.now() - 60_000).toISOString();
      if (s.format === 'date') return new Date().toISOString().slice(0, 10);
      if (s.format === 'email') return 'someone@example.org';
      if (s.format === 'uri' || s.format === 'url') return 'https://example.org/a';
      return 'x'.repeat(Math.max(4, s.minLength ?? 4));
    case 'integer':
    case 'number':
      return s.minimum ?? s.exclusiveMinimum ?? 1;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

/** Paths ("a.0.b") of every node below the root of a JSON value. */
function nodePaths(value: unknown, prefix: string[] = []): string[][] {
  const here = prefix.length ? [prefix] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => nodePaths(v, [...prefix, String(i)]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => nodePaths(v, [...prefix, k]))];
  return here;
}

/** What goes in place of each field: wrong types, edges of numbers and dates, unknown ids, odd geometry, odd text. */
const hostileValues: unknown[] = [
  null,
  [],
  {},
  '',
  -1,
  1.5,
  1e308,
  2 ** 53 + 1,
  true,
  '2020-13-45T99:99:99Z',
  '0001-01-01T00:00:00Z',
  'not-a-uuid',
  randomUUID(),
  'ü'.repeat(5000),
  [[[[[[1]]]]]],
  { type: 'Point', coordinates: [1000, 1000] },
  {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0],
      ],
    ],
  },
  hostileStrings[0]!.value,
  '../../etc/passwd',
];
/** POSTs exempt from Idempotency-Key by design: sign-in, refresh and sign-out (never a recorded token), ping answers (their own key). */
const NOT_REPLAYED = new Set(['/api/auth/login', '/api/auth/refresh', '/api/auth/logout', '/api/pings/{id}/ack']);
const hostileQueryValues = ['', 'x', '-1', '1e400', '%00', '[]', 'ü'.repeat(3000), '2020-13-45', '9999-12-31', '-200,-100,200,100', randomUUID()];

describe('every documented route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '1' });
  });
  afterAll(() => t.close());

  it('answers hostile input with a 4xx ErrorResponse, never a 5xx', async () => {
    const spec = (await t.api.get('/api/docs-json')).body as { paths: Record<string, Record<string, Record<string, any>>> };
    // Creating first (so that reads and changes find something), deleting last.
    const rank = (op: Operation) => (op.method === 'DELETE' ? 3 : op.method === 'POST' && !op.path.includes('{') ? 0 : op.method === 'GET' ? 1 : 2);
    const operations: Operation[] = Object.entries(spec.paths)
      .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase() as Operation['method'], path, spec: op })))
      // Signing out would end the sweep's own sessions.
      .filter((op) => !op.path.startsWith('/api/auth/logout') && !op.path.startsWith('/api/auth/refresh'))
      .sort((a, b) => rank(a) - rank(b));

    const coordinator = await t.asCoordinator();
    const dispatcher = await t.account('dispatcher');
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 500));
    const responder = await t.account('responder', { onDuty: true, zones: [zone] });
    const { sighting: first } = await t.sighting(dispatcher.api, base);
    const { sighting: second } = await t.sighting(dispatcher.api, offset(base, 3000));
    const [ping] = await expectOk<{ id: string; dispatchId: string }[]>(responder.api.get('/api/pings/mine'));
    const organization = await expectOk<{ id: string }>(coordinator.api.post('/api/referrals/organizations', { name: 'Clínica' }), 201);
    const service = await expectOk<{ id: string }>(
      coordinator.api.post('/api/referrals/services', { organizationId: organization.id, name: 'Consultas' }),
      201,
    );
    const hints: Record<string, unknown> = {
      languages: ['es'],
      language: 'es',
      phone: '+13125550123',
      to: '+13125550123',
      opens: '09:00',
      closes: '17:00',
      start: '09:00',
      end: '17:00',
      location: { type: 'Point', coordinates: offset(base, 60) },
      coordinates: offset(base, 60),
      area: squareAround(offset(base, 200), 150),
      zoneIds: [zone.id],
      zoneId: zone.id,
      responderIds: [responder.user.responderId],
      serviceId: service.id,
      organizationId: organization.id,
      assigneeId: dispatcher.user.id,
      otherIncidentId: second.incidentId,
      incidentId: first.incidentId,
      keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' },
      endpoint: 'https://127.0.0.1/push/every-route',
      imageId: null,
    };
    const today = new Date().toISOString().slice(0, 10);
    const queryHints: Record<string, string> = { q: 'main', lon: String(base[0]), lat: String(base[1]), date: today, from: today, to: today };
    // Ids to put in paths, by the path's first segment (incidents, alerts, shifts…); the ids the API hands out
    // during the sweep join them.
    const segment = (path: string) => path.split('/')[2] ?? '';
    const known = new Map<string, string[]>();
    const remember = (where: string, id: unknown) => {
      if (typeof id !== 'string' || !UUID_ONLY.test(id)) return;
      const list = known.get(where) ?? [];
      if (!list.includes(id)) known.set(where, [id, ...list]);
    };
    for (const [where, id] of [
      ['incidents', first.incidentId],
      ['incidents', second.incidentId],
      ['sightings', first.id],
      ['zones', zone.id],
      ['responders', responder.user.responderId],
      ['pings', ping!.id],
      ['dispatches', ping!.dispatchId],
      ['referrals', service.id],
      ['referrals', organization.id],
      ['hotline', dispatcher.user.id],
    ] as const)
      remember(where, id);
    const candidates = (op: Operation) => [...new Set([...(known.get(segment(op.path)) ?? []), ...[...known.values()].flat()])].slice(0, 24);
    const roles: [string, () => ApiClient][] = [
      ['coordinator', () => t.as(coordinator)],
      ['dispatcher', () => t.as(dispatcher)],
      ['responder', () => t.as(responder)],
    ];

    const problems: string[] = [];
    const succeeded = new Set<string>();
    let requests = 0;
    const send = async (op: Operation, role: string, api: ApiClient, url: string, body: unknown, what: string): Promise<number> => {
      requests++;
      const res =
        op.method === 'GET' ? await api.get(url) : op.method === 'DELETE' ? await api.delete(url) : await api[op.method.toLowerCase() as 'post'](url, body);
      const where = `${op.method} ${url} as ${role} (${what}): ${(JSON.stringify(body) as string | undefined)?.slice(0, 200) ?? '(no body)'} → ${res.status}`;
      if (res.status >= 500) problems.push(`${where} ${JSON.stringify(res.body).slice(0, 200)}`);
      else if (res.status >= 400) {
        const type = res.headers.get('content-type') ?? '';
        const body = res.body as { statusCode?: unknown; message?: unknown } | null;
        if (!type.startsWith('application/json') || body?.statusCode !== res.status || typeof body.message !== 'string' || body.message.length === 0)
          problems.push(`${where}: not an ErrorResponse (${type})`);
      } else {
        succeeded.add(`${op.method} ${op.path}`);
        // Ids in the answer (an object's, its members', a list's items'), for the routes that follow.
        const found = (value: unknown, depth: number): void => {
          if (!value || typeof value !== 'object' || depth > 2) return;
          if (Array.isArray(value)) {
            for (const item of value.slice(0, 3)) found(item, depth + 1);
            return;
          }
          remember(segment(op.path), (value as { id?: unknown }).id);
          for (const member of Object.values(value)) found(member, depth + 1);
        };
        found(res.body, 0);
      }
      return res.status;
    };

    for (const op of operations) {
      const schema = op.spec.requestBody?.content?.['application/json']?.schema as Schema | undefined;
      const parameters = (op.spec.parameters ?? []) as { in: string; name: string }[];
      const inPath = parameters.filter((p) => p.in === 'path').map((p) => p.name);
      const inQuery = parameters.filter((p) => p.in === 'query').map((p) => p.name);
      const query = inQuery
        .filter((q) => q in queryHints && !(q === 'date' && inQuery.includes('from')))
        .map((q) => `${q}=${encodeURIComponent(queryHints[q]!)}`);
      const url = (id: string) =>
        inPath.reduce((u, name) => u.replace(`{${name}}`, encodeURIComponent(id)), op.path) + (query.length ? `?${query.join('&')}` : '');
      const body = generate(schema, hints);

      // Anonymous, and ids that are unknown or malformed.
      const ids = candidates(op);
      await send(op, 'anonymous', t.api, url(ids[0]!), body, 'anonymous');
      if (inPath.length) for (const id of [randomUUID(), 'not-a-uuid', '0', '%00']) await send(op, 'coordinator', t.as(coordinator), url(id), body, 'bad id');
      // Each role with the first id that gets past the checks of who and which. The first role that gets in is
      // also sent hostile fields and queries (validation does not depend on who asks), and a retry.
      let reached: { role: string; as: () => ApiClient; target: string; status: number } | null = null;
      for (const [role, as] of roles) {
        for (const id of inPath.length ? ids : ['']) {
          const status = await send(op, role, as(), url(id), body, 'valid');
          if (status === 401 || status === 403) break;
          if (status !== 404) {
            reached ??= { role, as, target: url(id), status };
            break;
          }
        }
      }
      if (!reached) continue;
      const { role, as, target } = reached;
      if (schema) {
        for (const path of nodePaths(body))
          for (const value of hostileValues) await send(op, role, as(), target, withLeaf(body, path, value), `field ${path.join('.')}`);
        for (const whole of [null, [], 'x', 1, {}, [body]]) await send(op, role, as(), target, whole, 'whole body');
      }
      for (const q of inQuery)
        for (const value of hostileQueryValues)
          await send(op, role, as(), `${target}${target.includes('?') ? '&' : '?'}${q}=${encodeURIComponent(value)}`, body, `query ${q}`);
      if (inQuery.length) await send(op, role, as(), `${target.split('?')[0]}?${inQuery.map((q) => `${q}=1&${q}=2`).join('&')}`, body, 'repeated query');
      // Retries never duplicate: a POST that worked, sent again with the same Idempotency-Key, is answered alike.
      if (op.method === 'POST' && !NOT_REPLAYED.has(op.path)) {
        const api = as().with({ 'idempotency-key': randomUUID() });
        const once = await api.post(target, body);
        const again = await api.post(target, body);
        requests += 2;
        if (
          once.status < 300 &&
          (again.status !== once.status || JSON.stringify(again.body) !== JSON.stringify(once.body) || again.headers.get('idempotent-replayed') !== 'true')
        )
          problems.push(`POST ${target} as ${role}: a retry with the same Idempotency-Key was not a replay (${once.status}, then ${again.status})`);
      }
    }

    expect(problems).toEqual([]);
    // The sweep must get past validation, not only bounce off it: half the operations (99 of 175 when written;
    // the rest need state a generated body cannot make: a Twilio signature, an approval hash, a photo) succeeded.
    expect({ requests: requests > 4_000, succeeded: succeeded.size / operations.length > 0.5 }).toEqual({ requests: true, succeeded: true });
  }, 600_000);
});
