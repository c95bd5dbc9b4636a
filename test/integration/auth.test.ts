import { SignJWT } from 'jose';
import { TestApp } from '../support/test-app.js';

describe('accounts and access', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ JWT_SECRET: 'a-test-secret-that-is-at-least-32-characters' });
  });
  afterAll(() => t.close());

  it('signs in with the right password and says who you are', async () => {
    const dispatcher = await t.account('dispatcher');
    const login = await t.api.post('/api/auth/login', { username: dispatcher.user.username.toUpperCase(), password: dispatcher.password });
    expect(login.status).toBe(200);
    expect(login.body.user).toEqual({ id: dispatcher.user.id, username: dispatcher.user.username, role: 'dispatcher', responderId: null });
    expect(Date.parse(login.body.expiresAt)).toBeGreaterThan(Date.now());
    const me = await t.api.as(login.body.accessToken).get('/api/auth/me');
    expect(me.body.id).toBe(dispatcher.user.id);
  });

  it('refuses a wrong password and an unknown user with the same 401', async () => {
    const dispatcher = await t.account('dispatcher');
    const wrong = await t.api.post('/api/auth/login', { username: dispatcher.user.username, password: 'not-the-password' });
    const unknown = await t.api.post('/api/auth/login', { username: 'nobody-here', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('answers 401 without a token, with a forged token and with an expired one', async () => {
    expect((await t.api.get('/api/zones')).status).toBe(401);
    expect((await t.api.as('not-a-jwt').get('/api/zones')).status).toBe(401);
    const forged = await new SignJWT({ role: 'coordinator', name: 'x', rid: null, sat: Date.now() })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('00000000-0000-4000-8000-000000000000')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('some-other-secret-that-is-32-characters-long'));
    expect((await t.api.as(forged).get('/api/zones')).status).toBe(401);
    const expired = await new SignJWT({ role: 'coordinator', name: 'x', rid: null, sat: Date.now() })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('00000000-0000-4000-8000-000000000000')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(new TextEncoder().encode('a-test-secret-that-is-at-least-32-characters'));
    const res = await t.api.as(expired).get('/api/zones');
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/expired/);
  });

  it('answers 403 to the wrong role', async () => {
    const responder = await t.account('responder');
    const dispatcher = await t.account('dispatcher');
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    expect((await responder.api.post('/api/sightings', {})).status).toBe(403);
    expect((await dispatcher.api.post('/api/zones', { name: 'x', area: square })).status).toBe(403);
    expect((await dispatcher.api.patch('/api/responders/me', { onDuty: true })).status).toBe(403);
    expect((await responder.api.get('/api/responders')).status).toBe(403);
  });

  it('refreshes a token within the session', async () => {
    const responder = await t.account('responder');
    const refreshed = await responder.api.post('/api/auth/refresh');
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.user.responderId).toBe(responder.user.responderId);
    expect((await t.api.as(refreshed.body.accessToken).get('/api/responders/me')).status).toBe(200);
  });

  it('never stores a password in the clear', async () => {
    const coordinator = await t.account('coordinator');
    const { rows } = await t.db.query('SELECT password_hash FROM users WHERE id = $1', [coordinator.user.id]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0].password_hash).not.toContain(coordinator.password);
  });
});
