import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres.js';
import { at } from '../../apps/api/src/demo/demo-town.js';
import { ApiClient } from '../support/api-client.js';

const root = path.resolve(import.meta.dirname, '../..');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** Servers this file started; any still running when it ends (a failed assertion) are killed. */
const children = new Set<ChildProcess>();
afterAll(async () => {
  for (const child of children) {
    if (child.exitCode !== null) continue;
    const exited = stopped(child);
    child.kill('SIGTERM'); // the server stops its embedded cluster on SIGTERM
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
});

/** Runs the built server as `npm start` does, and resolves once it says it is serving. */
function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const { DATABASE_URL: _unset, ...inherited } = process.env;
  const child = spawn(process.execPath, ['apps/api/dist/main.js'], { cwd: root, env: { ...inherited, ...env } });
  children.add(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Centinela is serving')) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

const stopped = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('npm start on a fresh machine: the embedded database and the demo', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'centinela-start-'));
    chmodSync(tmp, 0o755);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('starts its own PostGIS, seeds the demo once, stops the cluster on SIGTERM, and keeps the data', async () => {
    const dataDir = path.join(tmp, 'data');
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', SEED_DEMO: 'true' };
    const api = new ApiClient(`http://127.0.0.1:${port}`);

    const first = await startServer(env);
    expect(first.output()).toMatch(/Demo accounts \(shown once/);
    const credentialsFile = path.join(dataDir, 'demo-credentials.json');
    expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    const credentials = JSON.parse(readFileSync(credentialsFile, 'utf8'));
    expect(Object.keys(credentials).sort()).toEqual(['coordinator', 'dispatcher', 'responder']);
    expect(first.output()).toContain(credentials.dispatcher.password);

    const coordinator = api.as((await api.post('/api/auth/login', credentials.coordinator)).body.accessToken);
    expect((await coordinator.get('/api/zones')).body.length).toBeGreaterThanOrEqual(9);
    // The demo town was generated and imported through map:import's pipeline: streets, corners, search.
    const map = (await api.get('/api/map')).body as { source: string; counts: { streets: number; intersections: number; addresses: number } };
    expect(map.source).toBe('demo-town.osm');
    expect(map.counts.streets).toBeGreaterThan(30);
    expect(map.counts.addresses).toBeGreaterThan(5000);
    expect((await api.get('/api/config')).body).toMatchObject({ mapStyleUrl: '/api/map/style.json', streetMap: true });
    const responders = (await coordinator.get('/api/responders')).body as { onDuty: boolean }[];
    expect(responders.length).toBeGreaterThanOrEqual(30);
    expect(responders.filter((r) => r.onDuty).length).toBeGreaterThan(5);
    const dispatcherToken = (await api.post('/api/auth/login', credentials.dispatcher)).body.accessToken as string;
    const dispatcher = api.as(dispatcherToken);
    const demoSightings = (await dispatcher.get('/api/sightings')).body as unknown[];
    expect(demoSightings.length).toBeGreaterThanOrEqual(3);
    const logged = await dispatcher.post('/api/sightings', {
      location: { type: 'Point', coordinates: at(0, 400) },
      observedAt: new Date().toISOString(),
      channel: 'hotline-call',
    });
    expect(logged.status).toBe(201);
    expect((await api.get('/api/health')).status).toBe(200);

    first.child.kill('SIGTERM');
    expect(await stopped(first.child)).toBe(0);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const second = await startServer(env);
    try {
      expect(second.output()).not.toMatch(/Demo accounts/);
      expect(JSON.parse(readFileSync(credentialsFile, 'utf8'))).toEqual(credentials);
      // The token from before the restart is still good: the signing secret was kept in DATA_DIR.
      const after = (await dispatcher.get('/api/sightings')).body as { sighting: { id: string } }[];
      expect(after.map((v) => v.sighting.id)).toContain(logged.body.sighting.id);
      expect(after).toHaveLength(demoSightings.length + 1);
    } finally {
      second.child.kill('SIGTERM');
      expect(await stopped(second.child)).toBe(0);
    }
  }, 120_000);

  it('stops with one clear line when the configuration is invalid', async () => {
    const child = spawn(process.execPath, ['apps/api/dist/main.js'], { cwd: root, env: { ...process.env, PORT: 'eighty', MAP_STYLE_URL: 'not a url' } });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    expect(await stopped(child)).toBe(1);
    expect(stderr).toContain('Centinela could not start: Invalid configuration:');
    expect(stderr).toContain('PORT: must be a number');
    expect(stderr).toContain('MAP_STYLE_URL: must be a URL to a MapLibre style JSON');
  });
});

/**
 * As root, PostgreSQL runs as `postgres`, which cannot enter a data directory private to root — `.data` is, once it
 * holds keys (after `npm test`, say). The cluster then lives under /var/lib/centinela, which `postgres` must be able
 * to pass through: an earlier version created it 0700 and `npm start` failed there on a fresh machine.
 */
const asRoot = process.getuid?.() === 0;
(asRoot ? describe : describe.skip)('the embedded cluster behind a private DATA_DIR (as root)', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'centinela-private-')); // 0700, root's
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('keeps the cluster under /var/lib/centinela, passable by postgres, one per data directory, and starts it', async () => {
    if (existsSync('/var/lib/centinela')) chmodSync('/var/lib/centinela', 0o700); // as an earlier version left it
    // Two checkouts whose paths differ only early on (as /srv/a/centinela and /srv/b/centinela would).
    const dataDir = path.join(tmp, 'a', 'centinela', '.data', 'postgres');
    const twin = path.join(tmp, 'b', 'centinela', '.data', 'postgres');
    const clusters: EmbeddedPostgres[] = [];
    try {
      clusters.push(await EmbeddedPostgres.start({ dataDir, database: 'postgres', durable: false }));
      const real = realpathSync(dataDir);
      expect(path.dirname(real)).toBe('/var/lib/centinela');
      expect(statSync('/var/lib/centinela').mode & 0o777).toBe(0o711);
      expect(statSync(real).mode & 0o777).toBe(0o700);
      expect(clusters[0]!.url).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/);
      clusters.push(await EmbeddedPostgres.start({ dataDir: twin, database: 'postgres', durable: false }));
      expect(realpathSync(twin)).not.toBe(real);
    } finally {
      for (const cluster of clusters) await cluster.stop();
      for (const dir of [dataDir, twin]) if (existsSync(dir)) rmSync(realpathSync(dir), { recursive: true, force: true });
    }
  }, 60_000);
});
