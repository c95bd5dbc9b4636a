import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ApiClient } from '../support/api-client.js';
import { ApiProcess, ROOT, waitFor } from '../support/api-process.js';
import { freshBase, offset } from '../support/geo.js';
import { sightingBody } from '../support/test-app.js';

/**
 * A clean stop, however it is stopped: `npm start` (scripts/start.mjs → the API → its embedded PostgreSQL) as real
 * processes, stopped by SIGTERM or SIGINT to the whole process group, to the API alone, and twice in a row. Each
 * time a request in flight is answered, and the embedded cluster is stopped (no postmaster left).
 */
describe('stopping', () => {
  let dataDir: string;
  const password = 'a-long-enough-password';

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'centinela-stop-'));
    chmodSync(dataDir, 0o755); // the embedded cluster runs as the postgres user
  });
  afterAll(() => {
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    if (existsSync(pidFile))
      spawnSync('runuser', ['-u', 'postgres', '--', '/usr/lib/postgresql/15/bin/pg_ctl', '-D', path.join(dataDir, 'postgres'), '-m', 'immediate', 'stop']);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => ({
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.SHUTDOWN_LOG ?? 'warn',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    WEB_DIST: '/nonexistent',
  });
  const postmaster = () => {
    const file = path.join(dataDir, 'postgres', 'postmaster.pid');
    return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
  };
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  /** `npm start` as a terminal runs it: its own process group, led by scripts/start.mjs. */
  const start = () => ApiProcess.start(env(), { script: ['scripts/start.mjs'], detached: true, timeoutMs: 120_000 });
  const apiPidOf = (parent: number) =>
    Number(
      execFileSync('pgrep', ['-P', String(parent), '-f', 'apps/api/dist/main.js'], { encoding: 'utf8' })
        .trim()
        .split('\n')[0],
    );

  /** A dispatcher's request held in flight: the test locks the incident a new nearby sighting must join. */
  async function inFlight(server: ApiProcess, username: string): Promise<{ answered: Promise<number>; release(): Promise<void> }> {
    const created = spawnSync(process.execPath, ['apps/api/dist/cli.js', 'user:create', '--role', 'dispatcher', '--username', username], {
      cwd: ROOT,
      input: password + '\n',
      encoding: 'utf8',
      env: { ...process.env, ...env() },
    });
    expect(created.stderr).toBe('');
    const login = await new ApiClient(server.baseUrl).post('/api/auth/login', { username, password });
    const dispatcher = new ApiClient(server.baseUrl, login.body.accessToken);
    const at = freshBase();
    const first = await dispatcher.post('/api/sightings', sightingBody(at));
    expect(first.status).toBe(201);
    const port = readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3];
    const secret = readFileSync(path.join(dataDir, 'postgres.password'), 'utf8').trim();
    const db = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(secret)}@127.0.0.1:${port}/centinela` });
    await db.connect();
    await db.query('BEGIN');
    await db.query('SELECT id FROM incidents WHERE id = $1 FOR UPDATE', [first.body.sighting.incidentId]);
    const answered = dispatcher.post('/api/sightings', sightingBody(offset(at, 20))).then((r) => r.status);
    await waitFor('the request to wait on the lock', async () => (await db.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`)).rows[0].n > 0);
    return {
      answered,
      release: async () => {
        await db.query('ROLLBACK');
        await db.end();
      },
    };
  }

  for (const [name, stop] of [
    ['SIGTERM to the whole group (docker stop, systemd)', (s: ApiProcess) => s.killGroup('SIGTERM')],
    ['SIGINT to the whole group (Ctrl-C in a terminal)', (s: ApiProcess) => s.killGroup('SIGINT')],
    ['SIGTERM to the API process alone', (s: ApiProcess) => process.kill(apiPidOf(s.pid), 'SIGTERM')],
    [
      'two SIGTERMs to the group in a row',
      (s: ApiProcess) => {
        s.killGroup('SIGTERM');
        s.killGroup('SIGTERM');
      },
    ],
  ] as const) {
    it(`drains and stops the database on ${name}`, async () => {
      const server = await start();
      const pm = postmaster();
      expect(pm && alive(pm)).toBe(true);
      const request = await inFlight(server, `d${Math.random().toString(36).slice(2, 10)}`);
      stop(server);
      // Still draining: the database is up while the request waits.
      expect(alive(pm!)).toBe(true);
      await request.release();
      expect(await request.answered).toBe(201);
      const { code } = await server.exit(60_000);
      if (code !== 0) process.stdout.write(server.output);
      expect(code).toBe(0);
      // What followed the request (the events of its commit) ran while the database was still open.
      expect(server.output).not.toMatch(/Cannot use a pool|"level":50/);
      expect(postmaster()).toBeNull();
      await waitFor('the postmaster to be gone', () => !alive(pm!), 10_000);
    }, 180_000);
  }
});
