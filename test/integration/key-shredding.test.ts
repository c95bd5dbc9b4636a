import type { LiveLocation, Responder } from '@centinela/contracts';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TestClock } from 'pg-boss';
import { dayOf, KeyRing } from '../../apps/api/src/crypto/key-ring.js';
import { canonicalJson } from '../../apps/api/src/idempotency/idempotency.service.js';
import { LiveLocationSync } from '../../apps/api/src/responders/live-location-sync.js';
import { RetentionService } from '../../apps/api/src/retention/retention.service.js';
import { freshBase, offset } from '../support/geo.js';
import { expectOk, sightingBody, TestApp, type TestAccount } from '../support/test-app.js';

const DAY = 86_400_000;

/**
 * Keys that must not outlive what they protect (findings of a "seized server" review): whoever holds a pg_dump, the
 * data directory and KEYS_DIR must not read yesterday's live locations, nor confirm short request bodies from
 * idempotency fingerprints.
 */
describe('keys destroyed with what they protect', () => {
  let t: TestApp;
  let clock: TestClock;
  let dispatcher: TestAccount;
  beforeAll(async () => {
    clock = new TestClock(Date.now());
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0' }, { clock });
    dispatcher = await t.account('dispatcher');
  });
  afterAll(() => t.close());

  const plantKey = (purpose: string, day: string): string => {
    const file = path.join(t.keysDir, purpose, `${day}.key`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32));
    return file;
  };
  const share = (r: TestAccount, at: [number, number]) => expectOk<LiveLocation>(r.api.put('/api/responders/me/location', { coordinates: at, accuracy: 8 }));
  const seen = async (id: string) => (await expectOk<Responder[]>(dispatcher.api.get('/api/responders'))).find((r) => r.id === id)!;
  const storedRow = async (responderId: string) =>
    (await t.db.query<{ sealed: Buffer; sealed_key: string }>('SELECT sealed, sealed_key FROM live_locations WHERE responder_id = $1', [responderId])).rows[0];

  it('destroys the transport keys of past days (live locations, cluster messages), and live locations keep working across the rotation', async () => {
    const keys = t.app.get(KeyRing);
    const sync = t.app.get(LiveLocationSync);
    const retention = t.app.get(RetentionService);
    const base = freshBase();
    const responder = await t.account('responder', { onDuty: true });
    const id = responder.user.responderId!;

    // A key of an old day, as a seized server showed (it was never destroyed), and today's position.
    const planted = plantKey('transport', dayOf(clock.now() - 10 * DAY));
    await share(responder, base);
    await sync.flush();
    const today = (await storedRow(id))!;
    expect(today.sealed_key).toBe(`transport/${dayOf(clock.now())}`);

    const first = await retention.run();
    expect(first.keysDestroyed).toContain(`transport/${dayOf(clock.now() - 10 * DAY)}`);
    expect(first.keysDestroyed).not.toContain(today.sealed_key);
    expect(existsSync(planted)).toBe(false);
    expect(keys.openText(today.sealed)).not.toBeNull();
    expect((await seen(id)).location?.coordinates).toEqual(base);

    // Past midnight, a little longer than a live location lives: the responder moved on, under the new day's key.
    const nextDay = Date.parse(`${dayOf(clock.now() + DAY)}T00:00:00Z`);
    await clock.setTime(nextDay + 20 * 60_000);
    const moved = offset(base, 80);
    await share(responder, moved);
    await sync.flush();
    const tomorrow = (await storedRow(id))!;
    expect(tomorrow.sealed_key).toBe(`transport/${dayOf(nextDay)}`);

    const second = await retention.run();
    expect(second.keysDestroyed).toContain(today.sealed_key);
    expect(second.keysDestroyed).not.toContain(tomorrow.sealed_key);
    // Yesterday's position, as a dump or a dead tuple holds it, no longer decrypts; today's still does.
    expect(keys.openText(today.sealed)).toBeNull();
    expect((await seen(id)).location?.coordinates).toEqual(moved);

    // A row still sealed under the destroyed key (a process that restarts reads the table back) is simply forgotten.
    const other = await t.account('responder', { onDuty: true });
    await t.db.query('INSERT INTO live_locations (responder_id, sealed, sealed_key, updated_at) VALUES ($1, $2, $3, $4)', [
      other.user.responderId,
      today.sealed,
      today.sealed_key,
      new Date(clock.now()),
    ]);
    const reloaded = await sync.fresh(new Date(clock.now() - 60_000));
    expect(reloaded.map((l) => l.responderId)).toEqual([id]);
    expect(await seen(other.user.responderId!)).toMatchObject({ location: null });
    expect((await share(other, offset(base, 200))).coordinates).toEqual(offset(base, 200));
  });

  it('keeps a keyed hash of an idempotent request, not its plain SHA-256, and still replays a retry after midnight', async () => {
    const midnight = Date.parse(`${dayOf(clock.now() + DAY)}T00:00:00Z`);
    await clock.setTime(midnight - 60_000);
    const key = randomUUID();
    const body = { ...sightingBody(freshBase(), { observedAt: new Date(Date.now() - 60_000).toISOString() }), notes: 'ok' };
    const api = dispatcher.api.with({ 'idempotency-key': key });
    const first = await api.post('/api/sightings', body);
    expect([first.status, first.body.message]).toEqual([201, undefined]);

    const stored = (await t.db.query<{ fingerprint: string }>('SELECT fingerprint FROM idempotency_keys WHERE key = $1', [key])).rows[0]!.fingerprint;
    const plain = createHash('sha256')
      .update(`POST\n/api/sightings\n${canonicalJson(body)}`)
      .digest('hex');
    expect(stored).not.toBe(plain);
    expect(stored).not.toContain(plain);

    // Just after midnight (a new day's key), the retry is recognised and replayed; another request under the key is not.
    await clock.setTime(midnight + 5 * 60_000);
    const retry = await api.post('/api/sightings', body);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect((await api.post('/api/sightings', { ...body, notes: 'ko' })).status).toBe(422);
  });
});
