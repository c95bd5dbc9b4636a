import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SignJWT } from 'jose';
import { createApp } from '../../apps/api/src/app.factory.js';
import { loadConfig } from '../../apps/api/src/config/app-config.js';
import { RetentionService } from '../../apps/api/src/retention/retention.service.js';
import { SessionsEnded } from '../../apps/api/src/sessions/sessions.events.js';
import { ApiClient } from '../support/api-client.js';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { PushReceiver } from '../support/push-receiver.js';
import { connectSocket, type TestSocket } from '../support/sockets.js';
import { expectOk, nextEvent, TestApp } from '../support/test-app.js';

const SECRET = 'a-test-secret-for-sessions-at-least-32-characters';

/** Resolves when the server disconnects the socket; rejects after `timeoutMs`. */
function disconnected(socket: TestSocket, timeoutMs = 3000): Promise<string> {
  if (socket.disconnected) return Promise.resolve('already');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Server-side sessions: signing out ends one for real, and a coordinator can end a person's access. */
describe('sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ JWT_SECRET: SECRET });
  });
  afterAll(() => t.close());

  it('ends the session on sign-out: the old token no longer reads /me nor refreshes, and its socket is dropped', async () => {
    const responder = await t.account('responder');
    expect((await responder.api.get('/api/auth/me')).status).toBe(200);
    const socket = (await t.socket(responder)).socket;
    const gone = disconnected(socket);
    expect((await responder.api.post('/api/auth/logout')).status).toBe(204);
    const me = await responder.api.get('/api/auth/me');
    expect(me.status).toBe(401);
    expect(me.body.message).toMatch(/session has ended/);
    expect((await responder.api.post('/api/auth/refresh')).status).toBe(401);
    expect(await gone).toBe('io server disconnect');
    await expect(connectSocket(t.baseUrl, responder.token)).rejects.toThrow(/session has ended/);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [responder.user.id]);
    expect(rows[0].n).toBe(0);
  });

  it('keeps other devices of the same person signed in when one signs out', async () => {
    const dispatcher = await t.account('dispatcher');
    const other = await expectOk(t.api.post('/api/auth/login', { username: dispatcher.user.username, password: dispatcher.password }));
    expect((await dispatcher.api.post('/api/auth/logout')).status).toBe(204);
    expect((await t.api.as(other.accessToken).get('/api/auth/me')).status).toBe(200);
    const refreshed = await expectOk(t.api.as(other.accessToken).post('/api/auth/refresh'));
    expect((await t.api.as(refreshed.accessToken).get('/api/auth/me')).status).toBe(200);
  });

  it("lets a coordinator end a responder's access: token refused, socket dropped, sign-in refused like a wrong password, until re-enabled", async () => {
    const coordinator = await t.asCoordinator();
    const responder = await t.account('responder');
    expect((await responder.api.get('/api/responders/me')).status).toBe(200); // remembered by this process
    const socket = (await t.socket(responder)).socket;
    const gone = disconnected(socket);

    const ended = await expectOk(coordinator.api.post(`/api/users/${responder.user.responderId}/revoke`));
    expect(ended).toMatchObject({ userId: responder.user.id, username: responder.user.username, role: 'responder', sessionsEnded: 1 });
    expect(Date.parse(ended.disabledAt)).not.toBeNaN();

    expect((await responder.api.get('/api/responders/me')).status).toBe(401);
    expect((await responder.api.post('/api/auth/refresh')).status).toBe(401);
    expect(await gone).toBe('io server disconnect');

    const refused = await t.api.post('/api/auth/login', { username: responder.user.username, password: responder.password });
    const wrong = await t.api.post('/api/auth/login', { username: responder.user.username, password: 'not-the-password' });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(wrong.body);

    // Every roster shows it, and shows it again when access comes back (live, for screens already open).
    const roster = async () =>
      (await expectOk<{ id: string; accessEnded: boolean }[]>(coordinator.api.get('/api/responders'))).find((r) => r.id === responder.user.responderId);
    expect(await roster()).toMatchObject({ accessEnded: true });
    const watcher = await t.socket(coordinator);
    const enabled = await expectOk(coordinator.api.post(`/api/users/${responder.user.id}/enable`));
    expect(enabled).toMatchObject({ userId: responder.user.id, disabledAt: null, sessionsEnded: 0 });
    expect(await watcher.next('responder.updated', (r) => r.id === responder.user.responderId)).toMatchObject({ accessEnded: false });
    expect(await roster()).toMatchObject({ accessEnded: false });
    const again = await expectOk(t.api.post('/api/auth/login', { username: responder.user.username, password: responder.password }));
    expect((await t.api.as(again.accessToken).get('/api/responders/me')).status).toBe(200);
    expect((await responder.api.get('/api/responders/me')).status).toBe(401); // the old session stays ended
  });

  it('takes a revoked responder out of dispatch: off duty, location forgotten, push deleted, never pinged, not even by a shift', async () => {
    const receiver = await PushReceiver.start();
    try {
      const coordinator = await t.asCoordinator();
      const dispatcher = await t.account('dispatcher');
      const base = freshBase();
      const zone = await t.zone(squareAround(base, 800));
      const seized = await t.account('responder', { onDuty: true, zones: [zone] });
      const other = await t.account('responder', { onDuty: true, zones: [zone] });
      await expectOk(seized.api.put('/api/responders/me/location', { coordinates: offset(base, 50) }));
      await expectOk(other.api.put('/api/responders/me/location', { coordinates: offset(base, 300) }));
      const { publicKey } = await expectOk(seized.api.get('/api/push/key'));
      expect((await seized.api.put('/api/push/subscription', receiver.subscribe({ applicationServerKey: publicKey }))).status).toBe(204);

      await expectOk(coordinator.api.post(`/api/users/${seized.user.responderId}/revoke`));

      const listed = await expectOk<{ id: string; onDuty: boolean; location: unknown }[]>(coordinator.api.get('/api/responders'));
      expect(listed.find((r) => r.id === seized.user.responderId)).toMatchObject({ onDuty: false, location: null });
      const subscriptions = await t.db.query('SELECT count(*)::int AS n FROM push_subscriptions WHERE responder_id = $1', [seized.user.responderId]);
      expect(subscriptions.rows[0].n).toBe(0);
      // A sighting next to where the seized phone last was pings the other responder only.
      const { sighting } = await t.sighting(dispatcher.api, base);
      const dispatch = await expectOk<{ pings: { responderId: string }[] }>(
        dispatcher.api.post(`/api/sightings/${sighting.id}/dispatches`, { needs: [{ capability: 'verifier', count: 2 }] }),
        201,
      );
      expect(dispatch.pings.map((p) => p.responderId)).toEqual([other.user.responderId]);
      // A shift starting (which sets the duty column) does not put a disabled account back on duty.
      await t.db.query('UPDATE responders SET on_duty = true WHERE id = $1', [seized.user.responderId]);
      const again = await expectOk<{ id: string; onDuty: boolean }[]>(coordinator.api.get('/api/responders'));
      expect(again.find((r) => r.id === seized.user.responderId)!.onDuty).toBe(false);
    } finally {
      await receiver.close();
    }
  });

  it('lets only one of two coordinators ending each other’s access at once succeed', async () => {
    const [a, b] = [await t.account('coordinator'), await t.account('coordinator')];
    const answers = await Promise.all([a.api.post(`/api/users/${b.user.id}/revoke`), b.api.post(`/api/users/${a.user.id}/revoke`)]);
    // The second is refused: 403 if it was already past sign-in when the first committed, else 401 (its session ended).
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(answers.find((r) => r.status !== 200)!.body.message).toMatch(/your own access has been ended|session has ended/);
    // Exactly one of them can still sign in.
    const logins = await Promise.all([a, b].map((c) => t.api.post('/api/auth/login', { username: c.user.username, password: c.password })));
    expect(logins.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it("ends a dispatcher's access by user id, on every device", async () => {
    const coordinator = await t.asCoordinator();
    const dispatcher = await t.account('dispatcher');
    await expectOk(t.api.post('/api/auth/login', { username: dispatcher.user.username, password: dispatcher.password }));
    const ended = await expectOk(coordinator.api.post(`/api/users/${dispatcher.user.id}/revoke`));
    expect(ended.sessionsEnded).toBe(2);
    expect((await dispatcher.api.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses a coordinator ending their own access, other roles, unknown accounts and malformed ids', async () => {
    const coordinator = await t.account('coordinator');
    const self = await coordinator.api.post(`/api/users/${coordinator.user.id}/revoke`);
    expect(self.status).toBe(409);
    expect(self.body.message).toMatch(/your own access/);
    expect((await coordinator.api.get('/api/auth/me')).status).toBe(200);
    const dispatcher = await t.account('dispatcher');
    expect((await dispatcher.api.post(`/api/users/${coordinator.user.id}/revoke`)).status).toBe(403);
    expect((await coordinator.api.post('/api/users/00000000-0000-4000-8000-000000000000/revoke')).status).toBe(404);
    const malformed = await coordinator.api.post('/api/users/nobody/revoke');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/id/);
  });

  it('refuses to refresh a session older than SESSION_MAX_HOURS, even while its row exists', async () => {
    const responder = await t.account('responder');
    const { rows } = await t.db.query('SELECT id FROM sessions WHERE user_id = $1', [responder.user.id]);
    const old = await new SignJWT({
      role: 'responder',
      name: responder.user.username,
      rid: responder.user.responderId,
      sat: Date.now() - 13 * 3_600_000,
      sid: rows[0].id,
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(responder.user.id)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    expect((await t.api.as(old).get('/api/auth/me')).status).toBe(200);
    const refresh = await t.api.as(old).post('/api/auth/refresh');
    expect(refresh.status).toBe(401);
    expect(refresh.body.message).toMatch(/session has ended/);
  });

  it('honours a token from before sessions existed until it expires, and gives it a session at its refresh', async () => {
    // What a phone on shift holds across the upgrade that added sessions: a token naming no session.
    const responder = await t.account('responder');
    const coordinator = await t.asCoordinator();
    const legacy = (sat: number) =>
      new SignJWT({ role: 'responder', name: responder.user.username, rid: responder.user.responderId, sat })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(responder.user.id)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(SECRET));
    const signedInAt = Date.now() - 3_600_000;
    const old = await legacy(signedInAt);
    expect((await t.api.as(old).get('/api/auth/me')).status).toBe(200);
    const before: number = (await t.db.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [responder.user.id])).rows[0].n;
    const fresh = await expectOk(t.api.as(old).post('/api/auth/refresh'));
    const { rows } = await t.db.query('SELECT started_at FROM sessions WHERE user_id = $1 ORDER BY started_at', [responder.user.id]);
    expect(rows).toHaveLength(before + 1);
    expect(new Date(rows[0].started_at).getTime()).toBe(signedInAt); // the session keeps its sign-in time (and so its end)
    // The new token's session ends for real.
    expect((await t.api.as(fresh.accessToken).post('/api/auth/logout')).status).toBe(204);
    expect((await t.api.as(fresh.accessToken).get('/api/auth/me')).status).toBe(401);
    // A legacy token lives no longer than ACCESS_TOKEN_TTL_SECONDS from its signing, whatever its own expiry says.
    const longLived = await new SignJWT({ role: 'responder', name: responder.user.username, rid: responder.user.responderId, sat: signedInAt })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(responder.user.id)
      .setIssuedAt(Math.floor((Date.now() - 3_600_000) / 1000))
      .setExpirationTime('24h')
      .sign(new TextEncoder().encode(SECRET));
    expect((await t.api.as(longLived).get('/api/auth/me')).status).toBe(401);
    // A token naming a session that is not a session id is refused like any malformed token (not a 500).
    const badSid = await new SignJWT({ role: 'responder', name: responder.user.username, rid: responder.user.responderId, sat: signedInAt, sid: 'not-a-uuid' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(responder.user.id)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    expect((await t.api.as(badSid).get('/api/auth/me')).status).toBe(401);
    // A disabled account's old token is not given a session.
    await expectOk(coordinator.api.post(`/api/users/${responder.user.id}/revoke`));
    expect((await t.api.as(await legacy(Date.now())).post('/api/auth/refresh')).status).toBe(401);
  });

  it('purges sessions past their maximum age and keeps the open ones', async () => {
    const expired = await t.account('dispatcher');
    const open = await t.account('dispatcher');
    await t.db.query(`UPDATE sessions SET started_at = now() - interval '13 hours', expires_at = now() - interval '1 hour' WHERE user_id = $1`, [
      expired.user.id,
    ]);
    const result = await t.app.get(RetentionService).run();
    expect(Object.entries(result.purged).find(([what]) => what.startsWith('Sessions'))?.[1]).toBeGreaterThanOrEqual(1);
    const count = async (userId: string) => (await t.db.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [userId])).rows[0].n;
    expect(await count(expired.user.id)).toBe(0);
    expect(await count(open.user.id)).toBe(1);
  });

  describe('with a second API process on the same database', () => {
    let second: NestFastifyApplication;
    let secondUrl: string;
    beforeAll(async () => {
      second = await createApp(loadConfig(t.env()));
      await second.listen({ port: 0, host: '127.0.0.1' });
      secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as { port: number }).port}`;
    });
    afterAll(() => second.close());

    it('forgets an ended session there too: sign-out on one process, the token refused and the socket dropped on the other', async () => {
      const responder = await t.account('responder');
      const there = new ApiClient(secondUrl).as(responder.token);
      expect((await there.get('/api/auth/me')).status).toBe(200); // now remembered by the second process
      const socket = await connectSocket(secondUrl, responder.token);
      try {
        const gone = disconnected(socket, 5000);
        const heard = nextEvent(second, SessionsEnded, 5000);
        expect((await responder.api.post('/api/auth/logout')).status).toBe(204);
        await heard;
        expect((await there.get('/api/auth/me')).status).toBe(401);
        expect(await gone).toBe('io server disconnect');
      } finally {
        socket.close();
      }
    });

    it("forgets a revoked person's tokens there too", async () => {
      const coordinator = await t.asCoordinator();
      const dispatcher = await t.account('dispatcher');
      const there = new ApiClient(secondUrl).as(dispatcher.token);
      expect((await there.get('/api/auth/me')).status).toBe(200);
      const heard = nextEvent(second, SessionsEnded, 5000);
      await expectOk(coordinator.api.post(`/api/users/${dispatcher.user.id}/revoke`));
      await heard;
      expect((await there.get('/api/auth/me')).status).toBe(401);
    });
  });
});
