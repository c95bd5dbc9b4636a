import { randomUUID } from 'node:crypto';
import { TestClock } from 'pg-boss';
import { RetentionService } from '../../apps/api/src/retention/retention.service.js';
import { freshBase, offset } from '../support/geo.js';
import { jpegWithGps, upload } from '../support/photos.js';
import { sightingBody, TestApp, type TestAccount } from '../support/test-app.js';

/** Retries never duplicate: the semantics of payment APIs' Idempotency-Key, on every POST that creates. */
describe('Idempotency-Key', () => {
  let t: TestApp;
  let clock: TestClock;
  let dispatcher: TestAccount;
  beforeAll(async () => {
    clock = new TestClock(Date.now());
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0', REPORTS_PER_CLIENT: '10000', REPORTS_TOTAL_PER_MINUTE: '100000' }, { clock });
    dispatcher = await t.account('dispatcher');
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(sql, params)).rows[0]!.n;

  it('creates one sighting for 1,000 replays of one request, some concurrent, all answered alike', async () => {
    const key = randomUUID();
    const body = { ...sightingBody(freshBase(), { observedAt: new Date(clock.now() - 60_000).toISOString() }), notes: 'double Enter' };
    const api = dispatcher.api.with({ 'idempotency-key': key });
    const first = await Promise.all(Array.from({ length: 100 }, () => api.post('/api/sightings', body)));
    const rest = [];
    for (let batch = 0; batch < 9; batch++) rest.push(...(await Promise.all(Array.from({ length: 100 }, () => api.post('/api/sightings', body)))));
    const all = [...first, ...rest];
    expect(all).toHaveLength(1000);
    expect(new Set(all.map((r) => r.status))).toEqual(new Set([201]));
    const bodies = new Set(all.map((r) => JSON.stringify(r.body)));
    expect(bodies.size).toBe(1);
    expect(all.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(999);
    expect(await count(`SELECT count(*)::int AS n FROM sightings WHERE id = $1`, [all[0]!.body.sighting.id])).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM sightings WHERE observed_at = $1`, [body.observedAt])).toBe(1);
  });

  it('refuses the same key with a different request (422) and accepts a new key', async () => {
    const key = randomUUID();
    const at = freshBase();
    const api = dispatcher.api.with({ 'idempotency-key': key });
    expect((await api.post('/api/sightings', sightingBody(at))).status).toBe(201);
    const other = await api.post('/api/sightings', sightingBody(offset(at, 500)));
    expect(other.status).toBe(422);
    expect(other.body.message).toMatch(/Idempotency-Key/);
    expect((await dispatcher.api.with({ 'idempotency-key': randomUUID() }).post('/api/sightings', sightingBody(offset(at, 500)))).status).toBe(201);
    // Another user's key space is their own.
    const colleague = await t.account('dispatcher');
    expect((await colleague.api.with({ 'idempotency-key': key }).post('/api/sightings', sightingBody(offset(at, 900)))).status).toBe(201);
  });

  it('replays a refusal as it was, and checks the key itself', async () => {
    const api = dispatcher.api.with({ 'idempotency-key': randomUUID() });
    const bad = { ...sightingBody(freshBase()), channel: 'carrier-pigeon' };
    const first = await api.post('/api/sightings', bad);
    const again = await api.post('/api/sightings', bad);
    expect(first.status).toBe(400);
    expect(again.status).toBe(400);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const malformed = await dispatcher.api.with({ 'idempotency-key': 'short' }).post('/api/sightings', sightingBody(freshBase()));
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues[0].path).toBe('Idempotency-Key');
  });

  it('counts a public report once, as JSON and as multipart with a photo', async () => {
    const key = randomUUID();
    const report = {
      location: { type: 'Point', coordinates: freshBase() },
      observedAt: new Date(clock.now() - 61_234).toISOString(),
      description: `retried ${key}`,
    };
    const json = t.api.with({ 'idempotency-key': key });
    const answers = await Promise.all(Array.from({ length: 20 }, () => json.post('/api/reports', report)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(await count(`SELECT count(*)::int AS n FROM sightings WHERE observed_at = $1`, [report.observedAt])).toBe(1);

    const photoKey = randomUUID();
    const photo = await jpegWithGps();
    const withPhoto = { ...report, observedAt: new Date(clock.now() - 31_234).toISOString() };
    const send = () =>
      fetch(`${t.baseUrl}/api/reports`, { method: 'POST', headers: { 'idempotency-key': photoKey }, body: form(withPhoto, photo) }).then(async (r) => ({
        status: r.status,
        body: await r.text(),
      }));
    const uploads = await Promise.all(Array.from({ length: 10 }, send));
    expect(new Set(uploads.map((u) => u.status))).toEqual(new Set([201]));
    expect(await count(`SELECT count(*)::int AS n FROM sightings WHERE observed_at = $1`, [withPhoto.observedAt])).toBe(1);
    expect(
      await count(`SELECT count(*)::int AS n FROM media m JOIN sightings s ON s.id = m.sighting_id WHERE s.observed_at = $1`, [withPhoto.observedAt]),
    ).toBe(1);
    // The same key with another photo is another request.
    const other = await upload(`${t.baseUrl}/api/reports`, null, await jpegWithGps(), 'image/jpeg', 'b.jpg', {
      report: JSON.stringify({ ...withPhoto, description: 'other' }),
    });
    expect(other.status).toBe(201);
  });

  it('forgets keys after 24 hours', async () => {
    const key = randomUUID();
    const body = sightingBody(freshBase(), { observedAt: new Date(Date.now() - 60_000).toISOString() });
    const api = dispatcher.api.with({ 'idempotency-key': key });
    expect((await api.post('/api/sightings', body)).status).toBe(201);
    await clock.setTime(clock.now() + 24 * 3_600_000 + 60_000);
    await t.app.get(RetentionService).run();
    expect(await count(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1`, [key])).toBe(0);
    const later = await api.post('/api/sightings', body);
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
  });
});

function form(report: object, photo: Buffer): FormData {
  const data = new FormData();
  data.append('report', JSON.stringify(report));
  data.append('photo', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'p.jpg');
  return data;
}
