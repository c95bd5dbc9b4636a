import { Writable } from 'node:stream';
import { TestApp } from '../support/test-app.js';

describe('what the logs may carry', () => {
  const lines: string[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ LOG_LEVEL: 'info' }, { logDestination: capture });
  });
  afterAll(() => t.close());

  it('logs requests by method, path and status, without addresses, passwords, tokens or query strings', async () => {
    const dispatcher = await t.account('dispatcher');
    await t.api.post('/api/auth/login', { username: dispatcher.user.username, password: dispatcher.password });
    await t.api.post('/api/auth/login', { username: dispatcher.user.username, password: 'wrong-password-attempt' });
    await dispatcher.api.get('/api/sightings?since=2026-01-01T00:00:00Z&bbox=-88,41,-87,42');
    await t.api.post('/api/reports', { location: { type: 'Point', coordinates: [1, 1] }, observedAt: new Date().toISOString(), description: 'seen' });

    const requests = lines.map((l) => JSON.parse(l) as { req?: { method: string; path: string }; res?: { statusCode: number } }).filter((l) => l.req);
    expect(requests.map((r) => `${r.req!.method} ${r.req!.path} ${r.res!.statusCode}`)).toEqual(
      expect.arrayContaining(['POST /api/auth/login 200', 'POST /api/auth/login 401', 'GET /api/sightings 200', 'POST /api/reports 201']),
    );
    const all = lines.join('\n');
    for (const secret of [
      dispatcher.password,
      'wrong-password-attempt',
      dispatcher.token,
      '127.0.0.1',
      'remoteAddress',
      'authorization',
      'bbox=',
      'user-agent',
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});
