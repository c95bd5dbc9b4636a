import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Invite, Responder, ShiftTemplate } from '@centinela/contracts';
import { draft } from '../support/alerts.js';
import { ApiClient } from '../support/api-client.js';
import { jpegWithGps, upload } from '../support/photos.js';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { PushReceiver } from '../support/push-receiver.js';
import { expectOk, TestApp } from '../support/test-app.js';

const run = promisify(execFile);

/**
 * Deleting an account: someone who left the network is forgotten — sign-in, profile, zones, shifts, calendar feed,
 * hotline contacts, push subscriptions, the invite they came from — in one transaction, while the incident record's
 * references to them (their pings) stay, under a blank name.
 */
describe('deleting an account', () => {
  let t: TestApp;
  let receiver: PushReceiver;
  beforeAll(async () => {
    t = await TestApp.start();
    receiver = await PushReceiver.start();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const count = async (sql: string, params: unknown[]) => (await t.db.query(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0].n as number;
  const dump = async () => (await run('/usr/lib/postgresql/15/bin/pg_dump', ['--data-only', t.databaseUrl], { maxBuffer: 256 * 1024 * 1024 })).stdout;

  it('forgets a responder everywhere, keeps their pings under a blank name, and frees their alias', async () => {
    const coordinator = await t.asCoordinator();
    const dispatcher = await t.account('dispatcher');
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 800));
    const suffix = Math.random().toString(36).slice(2, 8);
    const alias = `Colibri ${suffix}`;
    const username = `colibri-${suffix}`;
    const password = 'a-long-secret-passphrase';

    // A responder who joined by invite, with languages, zones, a shift, a calendar feed, duty following shifts, a
    // phone subscribed to push, on duty with a live location, and pinged once.
    const invite = await expectOk<Invite>(
      coordinator.api.post('/api/invites', { alias, capabilities: ['legal_observer'], languages: ['es'], zoneIds: [zone.id] }),
      201,
    );
    expect((await t.api.post(`/api/invites/${invite.token}/accept`, { username, password })).status).toBe(201);
    const login = await expectOk(t.api.post('/api/auth/login', { username, password }));
    const responder = t.api.as(login.accessToken);
    const me = await expectOk<Responder>(responder.get('/api/responders/me'));
    await expectOk(responder.patch('/api/responders/me', { onDuty: true }));
    await expectOk(responder.put('/api/responders/me/location', { coordinates: offset(base, 40) }));
    const { publicKey } = await expectOk(responder.get('/api/push/key'));
    expect((await responder.put('/api/push/subscription', receiver.subscribe({ applicationServerKey: publicKey }))).status).toBe(204);
    const shift = await expectOk<ShiftTemplate>(coordinator.api.post('/api/shifts', { role: 'responder', weekday: 3, start: '09:00', end: '13:00' }), 201);
    await expectOk(responder.post(`/api/shifts/${shift.id}/sign-up`, {}));
    await expectOk(responder.post('/api/shifts/calendar', {}), 201);
    await expectOk(responder.patch('/api/shifts/me', { dutyFollowsShifts: true }));
    const { sighting } = await t.sighting(dispatcher.api, base);
    await expectOk(dispatcher.api.post(`/api/sightings/${sighting.id}/dispatches`, { needs: [{ capability: 'legal_observer', count: 1 }] }), 201);
    const pings = await count('pings WHERE responder_id = $1', [me.id]);
    expect(pings).toBeGreaterThan(0);

    const watcher = await t.socket(coordinator);
    expect((await coordinator.api.delete(`/api/users/${me.id}`)).status).toBe(204);
    expect(await watcher.next('responder.removed', (m) => m.id === me.id)).toEqual({ id: me.id });

    // Signed out, and cannot sign in (the same answer as a wrong password).
    expect((await responder.get('/api/responders/me')).status).toBe(401);
    const refused = await t.api.post('/api/auth/login', { username, password });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual((await t.api.post('/api/auth/login', { username, password: 'not-the-password' })).body);

    // On no roster, no shift, no screen.
    const listed = await expectOk<Responder[]>(coordinator.api.get('/api/responders'));
    expect(listed.map((r) => r.id)).not.toContain(me.id);
    expect((await coordinator.api.get(`/api/responders/${me.id}`)).status).toBe(404);
    const people = await expectOk<{ userId: string }[]>(coordinator.api.get('/api/shifts/people'));
    expect(people.map((p) => p.userId)).not.toContain(login.user.id);
    const week = await expectOk<{ shifts: ShiftTemplate[] }>(coordinator.api.get('/api/shifts'));
    expect(week.shifts.find((s) => s.id === shift.id)!.assignees).toEqual([]);
    expect((await expectOk<{ zoneIds?: string[]; responderIds: string[] }>(coordinator.api.get(`/api/zones/${zone.id}`))).responderIds).toEqual([]);

    // Every store of personal data forgot them.
    for (const [table, column, id] of [
      ['sessions', 'user_id', login.user.id],
      ['zone_responders', 'responder_id', me.id],
      ['invites', 'responder_id', me.id],
      ['push_subscriptions', 'responder_id', me.id],
      ['live_locations', 'responder_id', me.id],
      ['shift_assignments', 'user_id', login.user.id],
      ['shift_calendar_feeds', 'user_id', login.user.id],
      ['shift_duty_followers', 'responder_id', me.id],
    ] as const) {
      expect({ table, left: await count(`${table} WHERE ${column} = $1`, [id]) }).toEqual({ table, left: 0 });
    }
    const { rows } = await t.db.query(
      `SELECT u.username, u.password_hash, u.deleted_at, r.alias, r.capabilities, r.languages, r.on_duty
         FROM users u JOIN responders r ON r.user_id = u.id WHERE r.id = $1`,
      [me.id],
    );
    expect(rows[0]).toMatchObject({
      username: `former-${login.user.id}`,
      password_hash: '',
      alias: `former responder ${me.id.slice(0, 8)}`,
      capabilities: [],
      languages: [],
      on_duty: false,
    });
    expect(rows[0].deleted_at).not.toBeNull();
    // Nothing in the database names them any more (they wrote nothing in the record).
    const everything = await dump();
    expect(everything).not.toContain(alias);
    expect(everything).not.toContain(username);

    // The record keeps their pings, under the blank name.
    expect(await count('pings WHERE responder_id = $1', [me.id])).toBe(pings);
    const incident = await expectOk<{ dispatches: { pings: { responderId: string; alias: string }[] }[] }>(
      dispatcher.api.get(`/api/incidents/${sighting.incidentId}`),
    );
    const ping = incident.dispatches.flatMap((d) => d.pings).find((p) => p.responderId === me.id);
    expect(ping?.alias).toBe(`former responder ${me.id.slice(0, 8)}`);

    // The alias is free again; the blank one cannot be taken.
    await expectOk(coordinator.api.post('/api/invites', { alias }), 201);
    const blank = await coordinator.api.post('/api/invites', { alias: `Former responder ${me.id.slice(0, 8)}` });
    expect(blank.status).toBe(400);
    expect(blank.body.message).toMatch(/alias.*former responder/);

    // Deleting again (a retried request) changes nothing; the account can no longer be re-enabled or revoked.
    expect((await coordinator.api.delete(`/api/users/${login.user.id}`)).status).toBe(204);
    expect((await coordinator.api.post(`/api/users/${login.user.id}/enable`)).status).toBe(404);
    expect((await coordinator.api.post(`/api/users/${me.id}/revoke`)).status).toBe(404);
    expect((await t.api.post('/api/auth/login', { username: `former-${login.user.id}`, password: '' })).status).toBe(400);
  });

  it("forgets a dispatcher's hotline phone and email, and takes them off the operators' list", async () => {
    const coordinator = await t.asCoordinator();
    const dispatcher = await t.account('dispatcher');
    await expectOk(dispatcher.api.put('/api/hotline/operators/me', { phone: '+13125550188', email: 'op@example.org', fallback: true }));
    expect(await count('hotline_operators WHERE user_id = $1', [dispatcher.user.id])).toBe(1);
    const before = await expectOk<{ userId: string; username: string; role: string; disabledAt: string | null }[]>(coordinator.api.get('/api/users/staff'));
    expect(before.find((s) => s.userId === dispatcher.user.id)).toEqual({
      userId: dispatcher.user.id,
      username: dispatcher.user.username,
      role: 'dispatcher',
      disabledAt: null,
    });

    expect((await coordinator.api.delete(`/api/users/${dispatcher.user.id}`)).status).toBe(204);

    expect(await count('hotline_operators WHERE user_id = $1', [dispatcher.user.id])).toBe(0);
    const operators = await expectOk<{ userId: string }[]>(coordinator.api.get('/api/hotline/operators'));
    expect(operators.map((o) => o.userId)).not.toContain(dispatcher.user.id);
    const after = await expectOk<{ userId: string }[]>(coordinator.api.get('/api/users/staff'));
    expect(after.map((s) => s.userId)).not.toContain(dispatcher.user.id);
    expect((await dispatcher.api.get('/api/auth/me')).status).toBe(401);
    expect((await dispatcher.api.get('/api/users/staff')).status).toBe(401);
  });

  it("takes a dispatcher's name off everything they did: the record's log, photos, exports and alerts keep a blank name", async () => {
    const coordinator = await t.asCoordinator();
    const dispatcher = await t.account('dispatcher');
    const base = freshBase();
    const { sighting } = await t.sighting(dispatcher.api, base, { agency: 'ice', activity: 'detaining' });
    const id = sighting.incidentId;
    await expectOk(dispatcher.api.post(`/api/incidents/${id}/notes`, { text: 'Family asked for a lawyer' }), 201);
    expect((await upload(`${t.baseUrl}/api/incidents/${id}/media`, dispatcher.token, await jpegWithGps(), 'image/jpeg')).status).toBe(201);
    const exported = await fetch(`${t.baseUrl}/api/incidents/${id}/export`, { headers: { authorization: `Bearer ${dispatcher.token}` } });
    expect(exported.status).toBe(200);
    await exported.arrayBuffer();
    const zone = await t.zone(squareAround(base, 500));
    const { publicKey } = await expectOk<{ publicKey: string }>(t.api.get('/api/alerts/subscriptions/web-push/key'));
    const subscription = receiver.subscribe({ applicationServerKey: publicKey });
    await expectOk(t.api.put('/api/alerts/subscriptions/web-push', { subscription, zoneIds: [zone.id], language: 'en' }), 204);
    const alert = await expectOk<{ alert: { id: string } }>(dispatcher.api.post('/api/alerts', draft(zone.id)), 201);
    await expectOk(dispatcher.api.post(`/api/alerts/${alert.alert.id}/approval-request`, {}));
    expect(await dump()).toContain(dispatcher.user.username);

    expect((await coordinator.api.delete(`/api/users/${dispatcher.user.id}`)).status).toBe(204);

    const blank = `former-${dispatcher.user.id}`;
    expect(await dump()).not.toContain(dispatcher.user.username);
    const timeline = await expectOk<{ kind: string; actor: string | null }[]>(coordinator.api.get(`/api/incidents/${id}/timeline`));
    expect(timeline.filter((e) => e.kind === 'note').map((e) => e.actor)).toEqual([blank]);
    const view = await expectOk<{ alert: { createdBy: { userId: string; username: string } } }>(coordinator.api.get(`/api/alerts/${alert.alert.id}`));
    expect(view.alert.createdBy).toEqual({ userId: dispatcher.user.id, username: blank });
  });

  it('refuses a coordinator deleting their own account, other roles, unknown accounts and malformed ids', async () => {
    const coordinator = await t.account('coordinator');
    const self = await coordinator.api.delete(`/api/users/${coordinator.user.id}`);
    expect(self.status).toBe(409);
    expect(self.body.message).toMatch(/your own account/);
    expect((await coordinator.api.get('/api/auth/me')).status).toBe(200);
    const dispatcher = await t.account('dispatcher');
    expect((await dispatcher.api.delete(`/api/users/${coordinator.user.id}`)).status).toBe(403);
    expect((await coordinator.api.delete('/api/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const malformed = await coordinator.api.delete('/api/users/nobody');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/id/);
    expect(await count('users WHERE deleted_at IS NOT NULL AND id = $1', [dispatcher.user.id])).toBe(0);
  });

  it('lets only one of two coordinators deleting each other at once succeed', async () => {
    const [a, b] = [await t.account('coordinator'), await t.account('coordinator')];
    const answers = await Promise.all([a.api.delete(`/api/users/${b.user.id}`), b.api.delete(`/api/users/${a.user.id}`)]);
    expect(answers.filter((r) => r.status === 204)).toHaveLength(1);
    expect(await count('users WHERE deleted_at IS NOT NULL AND id = ANY($1::uuid[])', [[a.user.id, b.user.id]])).toBe(1);
  });

  it('is refused to anyone signed out', async () => {
    const responder = await t.account('responder');
    expect((await new ApiClient(t.baseUrl).delete(`/api/users/${responder.user.id}`)).status).toBe(401);
  });
});
