import { TestClock } from 'pg-boss';
import { TestApp } from '../support/test-app.js';

/**
 * Nobody can lock a dispatcher out: failures slow down the device that makes them (per username and device, and
 * per device), with growing delays; the real user on their own device still signs in. Clients are told apart by
 * X-Forwarded-For behind a trusted proxy, as in production behind a reverse proxy. The clock stands still unless a
 * test moves it, so a delay never runs out while a slow machine is between two attempts.
 */
describe('sign-in throttling', () => {
  let t: TestApp;
  let clock: TestClock;
  beforeAll(async () => {
    clock = new TestClock(Date.now());
    t = await TestApp.start({ TRUST_PROXY: 'true' }, { clock });
  });
  afterAll(() => t.close());

  const attacker = () => t.api.with({ 'x-forwarded-for': '203.0.113.9' });
  const realDevice = () => t.api.with({ 'x-forwarded-for': '198.51.100.7' });

  it('slows the attacker with growing delays while the real user signs in from another device', async () => {
    const dispatcher = await t.account('dispatcher');
    const guess = (i: number) => attacker().post('/api/auth/login', { username: dispatcher.user.username, password: `wrong-guess-${i}` });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await guess(i)).status);
    // Five free failures, then every attempt waits: refused with 429 before the password is even checked.
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(6)).toEqual([429, 429]);
    // Even the right password from the attacker's device waits now.
    expect((await attacker().post('/api/auth/login', { username: dispatcher.user.username, password: dispatcher.password })).status).toBe(429);

    // The real dispatcher, on their own device, is not affected.
    const real = await realDevice().post('/api/auth/login', { username: dispatcher.user.username, password: dispatcher.password });
    expect(real.status).toBe(200);

    // The throttle lives in PostgreSQL, keyed by hashes: a restart does not reset it, and no address is stored.
    await t.restart();
    expect((await guess(99)).status).toBe(429);
    const { rows } = await t.db.query<{ bucket: string }>('SELECT bucket FROM login_throttle UNION ALL SELECT bucket FROM rate_limits');
    expect(rows.length).toBeGreaterThan(0);
    for (const { bucket } of rows) {
      expect(bucket).not.toContain('203.0.113.9');
      expect(bucket).not.toContain('198.51.100.7');
      expect(bucket).not.toContain(dispatcher.user.username);
    }
  });

  it('counts guesses sent all at once before checking any of them: a burst gets the free failures and no more', async () => {
    const dispatcher = await t.account('dispatcher');
    const device = t.api.with({ 'x-forwarded-for': '192.0.2.61' });
    const burst = await Promise.all(
      Array.from({ length: 24 }, (_, i) => device.post('/api/auth/login', { username: dispatcher.user.username, password: `burst-${i}` })),
    );
    const statuses = burst.map((r) => r.status);
    // Five free failures and the one that starts the first delay were checked; every other guess waited (429).
    expect(statuses.filter((s) => s === 401)).toHaveLength(6);
    expect(statuses.filter((s) => s === 429)).toHaveLength(18);
    // The right password from that device waits too; from another device it signs in.
    expect((await device.post('/api/auth/login', { username: dispatcher.user.username, password: dispatcher.password })).status).toBe(429);
    expect(
      (await t.api.with({ 'x-forwarded-for': '192.0.2.62' }).post('/api/auth/login', { username: dispatcher.user.username, password: dispatcher.password }))
        .status,
    ).toBe(200);
  });

  it('takes a successful sign-in back from the device count: an office behind one address keeps signing in', async () => {
    const office = t.api.with({ 'x-forwarded-for': '192.0.2.70' });
    for (let i = 0; i < 25; i++) {
      const account = await t.account('dispatcher');
      expect((await office.post('/api/auth/login', { username: account.user.username, password: account.password })).status).toBe(200);
    }
  });

  it('makes the delays grow with every further failure', async () => {
    const dispatcher = await t.account('dispatcher');
    const device = t.api.with({ 'x-forwarded-for': '192.0.2.44' });
    for (let i = 0; i < 6; i++) await device.post('/api/auth/login', { username: dispatcher.user.username, password: `nope-${i}` });
    const { rows: first } = await t.db.query<{ failures: number; ms: number }>(
      `SELECT failures, (extract(epoch FROM blocked_until - updated_at) * 1000)::float8 AS ms FROM login_throttle WHERE bucket LIKE 'login:uc:%' ORDER BY updated_at DESC LIMIT 1`,
    );
    // Wait out the delay and fail again: the next delay is twice as long.
    await clock.tick(first[0]!.ms + 1);
    await device.post('/api/auth/login', { username: dispatcher.user.username, password: 'nope-again' });
    const { rows: second } = await t.db.query<{ failures: number; ms: number }>(
      `SELECT failures, (extract(epoch FROM blocked_until - updated_at) * 1000)::float8 AS ms FROM login_throttle WHERE bucket LIKE 'login:uc:%' ORDER BY updated_at DESC LIMIT 1`,
    );
    expect(second[0]!.failures).toBe(first[0]!.failures + 1);
    expect(second[0]!.ms).toBeCloseTo(first[0]!.ms * 2, -1);
  });

  it('slows one device spraying many usernames', async () => {
    const device = t.api.with({ 'x-forwarded-for': '192.0.2.99' });
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await device.post('/api/auth/login', { username: `user-${i}`, password: 'password-spray' })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[21]).toBe(429);
  });
});
