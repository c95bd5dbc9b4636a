import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { TestApp } from '../support/test-app.js';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * `npm run cli -- user:create …`, the built CLI run as an operator would, against this test's database and with its
 * data directory (keys), never the checkout's own `.data`.
 */
function createUser(t: TestApp, args: string[], password: string) {
  return spawnSync(process.execPath, ['apps/api/dist/cli.js', 'user:create', ...args], {
    cwd: root,
    input: password + '\n',
    encoding: 'utf8',
    env: { ...process.env, ...t.env(), LOG_LEVEL: 'error' },
  });
}

describe('the user:create CLI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('creates an account whose password comes from stdin, and it can sign in', async () => {
    const run = createUser(t, ['--role', 'responder', '--username', 'Halcon', '--alias', 'Halcón'], 'a-long-enough-password');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^created responder "halcon" \(responder [0-9a-f-]{36}\)/);
    const login = await t.api.post('/api/auth/login', { username: 'halcon', password: 'a-long-enough-password' });
    expect(login.status).toBe(200);
    expect((await t.api.as(login.body.accessToken).get('/api/responders/me')).body.alias).toBe('Halcón');
  });

  it('refuses a short password and a taken username, naming the problem', () => {
    const short = createUser(t, ['--role', 'dispatcher', '--username', 'shorty'], 'short');
    expect(short.status).toBe(1);
    expect(short.stderr).toBe('error: password: must be at least 10 characters\n');
    expect(createUser(t, ['--role', 'dispatcher', '--username', 'twice'], 'first-password-ok').status).toBe(0);
    const again = createUser(t, ['--role', 'dispatcher', '--username', 'twice'], 'second-password-ok');
    expect(again.status).toBe(1);
    expect(again.stderr).toBe('error: username: "twice" is taken\n');
  });

  it('prints usage for a missing role or an unknown command', () => {
    const run = createUser(t, ['--username', 'x'], 'whatever-password');
    expect(run.status).toBe(64);
    expect(run.stderr).toMatch(/^Usage:\n {2}npm run cli -- user:create --role <coordinator\|dispatcher\|responder>/);
  });
});
