import { createHash } from 'node:crypto';
import type { Invite, Responder } from '@centinela/contracts';
import { TestClock } from 'pg-boss';
import { freshBase, squareAround } from '../support/geo.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

describe('inviting responders and editing profiles', () => {
  let t: TestApp;
  let clock: TestClock;
  let coordinator: TestAccount;
  beforeAll(async () => {
    clock = new TestClock(Date.now());
    t = await TestApp.start({}, { clock });
    coordinator = await t.asCoordinator();
  });
  afterAll(() => t.close());

  const invite = (body: object) => expectOk<Invite>(coordinator.api.post('/api/invites', body), 201);

  it('turns a single-use link into an account with the prepared profile and zones', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    const made = await invite({
      alias: 'Tecolote',
      capabilities: ['legal_observer', 'translator'],
      languages: ['es', 'mam'],
      travelMode: 'bike',
      zoneIds: [zone.id],
    });
    expect(made.path).toBe(`/invite/${made.token}`);
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { rows } = await t.db.query('SELECT token_hash FROM invites WHERE id = $1', [made.id]);
    expect(rows[0].token_hash).toBe(createHash('sha256').update(made.token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(made.token);

    expect((await expectOk(t.api.get(`/api/invites/${made.token}`))).alias).toBe('Tecolote');
    const accepted = await t.api.post(`/api/invites/${made.token}/accept`, { username: 'tecolote', password: 'a-long-secret-passphrase' });
    expect(accepted.status).toBe(201);
    const login = await expectOk(t.api.post('/api/auth/login', { username: 'tecolote', password: 'a-long-secret-passphrase' }));
    const me = await expectOk<Responder>(t.api.as(login.accessToken).get('/api/responders/me'));
    expect(me).toMatchObject({
      alias: 'Tecolote',
      capabilities: ['legal_observer', 'translator'],
      languages: ['es', 'mam'],
      travelMode: 'bike',
      zoneIds: [zone.id],
      onDuty: false,
    });

    const again = await t.api.post(`/api/invites/${made.token}/accept`, { username: 'someone-else', password: 'a-long-secret-passphrase' });
    expect(again.status).toBe(410);
    expect(again.body.message).toBe('this invite has already been used');
  });

  it('expires, refuses unknown tokens, and keeps nothing half-made when the username is taken', async () => {
    const made = await invite({ alias: 'Garza' });
    const taken = await t.api.post(`/api/invites/${made.token}/accept`, { username: coordinator.user.username, password: 'a-long-secret-passphrase' });
    expect(taken.status).toBe(400);
    expect(taken.body.issues).toEqual([{ path: 'username', message: `"${coordinator.user.username}" is taken` }]);
    expect(taken.body).toMatchObject({ reason: 'account.usernameTaken', params: { username: coordinator.user.username } });
    const responders = await t.count('responders');
    expect((await expectOk(t.api.get(`/api/invites/${made.token}`))).alias).toBe('Garza'); // still usable

    await clock.setTime(clock.now() + 169 * 3_600_000); // a week and an hour later (jumping, not ticking through every timer)
    const expired = await t.api.post(`/api/invites/${made.token}/accept`, { username: 'garza', password: 'a-long-secret-passphrase' });
    expect(expired.status).toBe(410);
    expect(await t.count('responders')).toBe(responders);
    expect((await t.api.get('/api/invites/not-a-real-token')).status).toBe(404);
  });

  it('lets only coordinators invite, and checks zones and capabilities', async () => {
    const dispatcher = await t.account('dispatcher');
    expect((await dispatcher.api.post('/api/invites', { alias: 'x' })).status).toBe(403);
    const bad = await coordinator.api.post('/api/invites', { alias: 'x', capabilities: ['medic'], zoneIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(['capabilities.0']);
    const noZone = await coordinator.api.post('/api/invites', { alias: 'x', zoneIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(noZone.body.issues).toEqual([{ path: 'zoneIds.0', message: 'no zone 00000000-0000-4000-8000-000000000000' }]);
  });

  it('lets coordinators edit a responder and their zones, and responders their own duty, mode and languages', async () => {
    const [z1, z2] = [await t.zone(squareAround(freshBase(), 300)), await t.zone(squareAround(freshBase(), 300))];
    const responder = await t.account('responder', { zones: [z1] });
    const log = await t.socket(await t.account('dispatcher'));
    const edited = await expectOk<Responder>(
      coordinator.api.patch(`/api/responders/${responder.user.responderId}`, {
        alias: 'Cenzontle',
        capabilities: ['verifier', 'driver'],
        travelMode: 'car',
        zoneIds: [z2.id],
      }),
    );
    expect(edited).toMatchObject({ alias: 'Cenzontle', capabilities: ['verifier', 'driver'], travelMode: 'car', zoneIds: [z2.id] });
    expect((await log.next('zone.upserted', (z) => z.id === z1.id)).responderIds).not.toContain(responder.user.responderId);
    expect((await log.next('zone.upserted', (z) => z.id === z2.id)).responderIds).toContain(responder.user.responderId);
    const mine = await expectOk<Responder>(responder.api.patch('/api/responders/me', { travelMode: 'transit', languages: ['ht', 'fr'] }));
    expect(mine).toMatchObject({ travelMode: 'transit', languages: ['ht', 'fr'], capabilities: ['verifier', 'driver'] });
    const own = await responder.api.patch('/api/responders/me', { capabilities: ['legal_observer'] });
    expect(own.status).toBe(400);
    expect(own.body.issues).toContainEqual({ path: 'capabilities', message: 'unknown field', code: 'unknownField' });
  });

  it('refuses a second responder with an alias already on the roster (any letter case), naming the field', async () => {
    await t.account('responder', { alias: 'Sinsonte' });
    const twice = await coordinator.api.post('/api/invites', { alias: 'sinsonte', capabilities: ['verifier'], languages: [], travelMode: 'walk', zoneIds: [] });
    expect(twice.status).toBe(409);
    expect(twice.body.issues).toEqual([{ path: 'alias', message: 'is already used by another responder' }]);
    expect(twice.body).toMatchObject({ reason: 'alias.taken', params: { alias: 'sinsonte' } });
    const other = await t.account('responder', { alias: 'Zenzontle' });
    const renamed = await coordinator.api.patch(`/api/responders/${other.user.responderId}`, { alias: 'SINSONTE' });
    expect(renamed.status).toBe(409);
    expect(renamed.body.issues?.[0]?.path).toBe('alias');
    // Keeping one's own alias is no conflict.
    expect((await coordinator.api.patch(`/api/responders/${other.user.responderId}`, { alias: 'Zenzontle' })).status).toBe(200);
  });

  it('refuses a second pending invite with the same alias, and an invite whose alias was taken since says so', async () => {
    const first = await invite({ alias: 'Twin' });
    const twice = await coordinator.api.post('/api/invites', { alias: ' twin ' });
    expect(twice.status).toBe(409);
    expect(twice.body.issues).toEqual([{ path: 'alias', message: 'is already on an invite that has not been accepted yet' }]);
    // Of two at once, one is made.
    const race = await Promise.all([1, 2].map(() => coordinator.api.post('/api/invites', { alias: 'Triplet' })));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);

    // The alias is taken by someone else (an account made by hand): the link no longer looks valid, nor can it be used.
    await t.account('responder', { alias: 'TWIN' });
    const preview = await t.api.get(`/api/invites/${first.token}`);
    expect(preview.status).toBe(410);
    expect(preview.body.issues).toEqual([{ path: 'alias', message: 'is now used by another responder' }]);
    const accept = await t.api.post(`/api/invites/${first.token}/accept`, { username: 'twin-two', password: 'a-long-secret-passphrase' });
    expect(accept.status).toBe(410);

    // Once the pending invite has expired, the alias can go on a new one.
    const lapsed = await invite({ alias: 'Gemelo' });
    await clock.setTime(clock.now() + 169 * 3_600_000);
    const again = await invite({ alias: 'Gemelo' });
    expect(again.token).not.toBe(lapsed.token);
  });
  it('holds aliases that read alike to one: NFC at input, invisible characters and mixed scripts refused, compatibility forms and case folded', async () => {
    const post = (alias: string) => coordinator.api.post('/api/invites', { alias });
    const nfc = 'Lucía5811';
    const nfd = 'Luci\u0301a5811';
    expect(nfd).not.toBe(nfc);
    // Stored (and answered) in NFC, whichever form was typed.
    expect((await invite({ alias: nfd })).alias).toBe(nfc);
    const again = await post(nfc);
    expect(again.status).toBe(409);
    expect(again.body.issues).toEqual([{ path: 'alias', message: 'is already on an invite that has not been accepted yet' }]);
    // Fullwidth letters and another case fold to the same alias.
    expect((await post('ＬＵＣÍＡ5811')).status).toBe(409);

    // Invisible characters and look-alike scripts mixed in are refused, naming alias.
    for (const [alias, message] of [
      ['Lu\u200Bcía5811', 'must not contain invisible characters (found U+200B)'],
      ['\u2060Pich\u00ADón', 'must not contain invisible characters (found U+2060)'],
      ['Tec\u043Elote', 'must not mix Latin and Cyrillic letters (they look alike)'],
      ['Ζorzal', 'must not mix Latin and Greek letters (they look alike)'],
    ]) {
      const res = await post(alias!);
      expect([alias, res.status, res.body.issues]).toEqual([alias, 400, [{ path: 'alias', message, code: 'invalid' }]]);
    }
    // One script alone is fine.
    expect((await invite({ alias: 'Сова' })).alias).toBe('Сова');

    // Once accepted, the roster's alias is folded the same way, for invites and for a coordinator's rename.
    const made = await invite({ alias: 'Jilguero' });
    expect((await t.api.post(`/api/invites/${made.token}/accept`, { username: 'jilguero', password: 'a-long-secret-passphrase' })).status).toBe(201);
    const fullwidth = await post('Ｊilguero');
    expect(fullwidth.status).toBe(409);
    expect(fullwidth.body.issues).toEqual([{ path: 'alias', message: 'is already used by another responder' }]);
    const other = await t.account('responder', { alias: 'Calandria' });
    const renamed = await coordinator.api.patch(`/api/responders/${other.user.responderId}`, { alias: 'JILGUERＯ' });
    expect(renamed.status).toBe(409);
    expect(renamed.body.issues?.[0]?.path).toBe('alias');
    const hidden = await coordinator.api.patch(`/api/responders/${other.user.responderId}`, { alias: 'Calan\u200Ddria' });
    expect(hidden.status).toBe(400);
    expect(hidden.body.issues).toEqual([{ path: 'alias', message: 'must not contain invisible characters (found U+200D)', code: 'invalid' }]);
    const decomposed = await expectOk<Responder>(coordinator.api.patch(`/api/responders/${other.user.responderId}`, { alias: 'Calandri\u0301a' }));
    expect(decomposed.alias).toBe('Calandría');

    // Two renames at once to aliases that read alike: one wins, the other is refused (they queue on the folded alias).
    const [a, b] = [await t.account('responder'), await t.account('responder')];
    for (let round = 0; round < 8; round++) {
      const answers = await Promise.all([
        coordinator.api.patch(`/api/responders/${a.user.responderId}`, { alias: `Ｍirlo${round}` }),
        coordinator.api.patch(`/api/responders/${b.user.responderId}`, { alias: `MIRLO${round}` }),
      ]);
      expect([round, answers.map((r) => r.status).sort()]).toEqual([round, [200, 409]]);
    }

    // An invite made before the rule, with an invisible character in its alias, cannot be accepted.
    const old = await invite({ alias: 'Turpial' });
    await t.db.query(`UPDATE invites SET alias = 'Tur\u200Bpial' WHERE id = $1`, [old.id]);
    const accepted = await t.api.post(`/api/invites/${old.token}/accept`, { username: 'turpial', password: 'a-long-secret-passphrase' });
    expect(accepted.status).toBe(400);
    expect(accepted.body.issues?.[0]?.path).toBe('alias');
  });
});
