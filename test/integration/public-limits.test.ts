import { TestClock } from 'pg-boss';
import { loadConfig } from '../../apps/api/src/config/app-config.js';
import { TestApp } from '../support/test-app.js';

/**
 * What anyone may do without an account is limited per client and in total (PublicLimits). The total is there for a
 * flood from many clients; a single client hammering past its own limit must not fill it and shut out everyone else.
 * Clients are told apart by X-Forwarded-For behind a trusted proxy; the clock moves only when the test moves it.
 */
describe('public rate limits', () => {
  let t: TestApp;
  let clock: TestClock;
  beforeAll(async () => {
    clock = new TestClock(Date.now());
    t = await TestApp.start({ TRUST_PROXY: 'true', REPORTS_PER_CLIENT: '2', REPORTS_TOTAL_PER_MINUTE: '5' }, { clock });
  });
  afterAll(() => t.close());

  const report = () => ({
    location: { type: 'Point', coordinates: [-40.001, 35.001] },
    observedAt: new Date(clock.now() - 1000).toISOString(),
    description: 'agents',
  });
  const send = async (client: string, times: number) => {
    const answers: { status: number; message?: string }[] = [];
    for (let i = 0; i < times; i++) {
      const res = await t.api.with({ 'x-forwarded-for': client }).post('/api/reports', report());
      answers.push({ status: res.status, message: res.body?.message });
    }
    return answers;
  };

  it('refuses a client past its own limit without using up the total everyone shares', async () => {
    const flood = await send('203.0.113.66', 40);
    expect(flood.filter((a) => a.status === 201)).toHaveLength(2);
    expect(flood.slice(2).every((a) => a.status === 429 && a.message!.includes('several reports just now'))).toBe(true);

    // The limit is taken before a photo is decoded (the expensive part): this broken "photo" is not even looked at.
    const form = new FormData();
    form.append('report', JSON.stringify(report()));
    form.append('photo', new Blob([new Uint8Array(200_000)], { type: 'image/jpeg' }), 'photo.jpg');
    const withPhoto = await fetch(`${t.baseUrl}/api/reports`, { method: 'POST', body: form, headers: { 'x-forwarded-for': '203.0.113.66' } });
    expect(withPhoto.status).toBe(429);
    // The refusal names its reason and the wait, for the page to say in the reporter's language.
    const refusal = (await withPhoto.json()) as { reason?: string; params?: { seconds?: string } };
    expect(refusal.reason).toBe('limit.reached');
    expect(Number(refusal.params?.seconds)).toBeGreaterThan(0);

    // Another reporter still gets through: only the flooder's two accepted reports counted toward the total of 5.
    expect((await send('198.51.100.7', 2)).map((a) => a.status)).toEqual([201, 201]);
    expect((await send('192.0.2.10', 1)).map((a) => a.status)).toEqual([201]);

    // Now the total is full: the next client is told the line is busy…
    const busy = await send('192.0.2.20', 1);
    expect(busy[0]).toMatchObject({ status: 429, message: expect.stringMatching(/very busy/) });
    // …and that refusal did not use up its own allowance: once the minute has passed, it has both of its reports.
    await clock.tick(61_000);
    expect((await send('192.0.2.20', 3)).map((a) => a.status)).toEqual([201, 201, 429]);
  });

  it('keys a client by the address the proxy saw: a forged leftmost X-Forwarded-For entry changes nothing', async () => {
    await clock.tick(61_000);
    const forged = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.api.with({ 'x-forwarded-for': `6.6.6.${i}, 203.0.113.99` }).post('/api/reports', report());
      forged.push(res.status);
    }
    expect(forged).toEqual([201, 201, 429, 429]);
  });

  it('reads TRUST_PROXY as false, true (one hop), a number of hops, or proxy addresses/CIDRs', () => {
    const base = { DATABASE_URL: 'postgres://x@localhost/x', JWT_SECRET: 'x'.repeat(40) };
    const trust = (value: string) => loadConfig({ ...base, TRUST_PROXY: value }).trustProxy;
    expect([trust('false'), trust('true'), trust('2'), trust('10.0.0.0/8, 127.0.0.1,loopback')]).toEqual([
      false,
      1,
      2,
      ['10.0.0.0/8', '127.0.0.1', 'loopback'],
    ]);
    expect(() => trust('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
    expect(() => trust('nginx')).toThrow(/TRUST_PROXY/);
  });

  it('counts an IPv6 /64 as one client, so rotating the low bits of an address buys nothing', async () => {
    await clock.tick(61_000); // a fresh minute for the total
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) statuses.push((await send(`2001:db8:1:2::${i}`, 1))[0]!.status);
    expect(statuses).toEqual([201, 201, 429, 429]);
    // Another /64 is another client.
    expect((await send('2001:db8:1:3::1', 1))[0]!.status).toBe(201);
  });
});
