// `npm run start:cluster -- [--processes N]`: Centinela as several API processes on one machine, the way a network
// that outgrows one process runs it — the embedded PostGIS once, N API processes on one database (ports PORT+1…
// PORT+N), and Caddy on PORT in front: sticky by cookie (socket.io's long-polling fallback needs it), health-checked
// on /api/health, retrying another process while one drains. Ctrl-C stops Caddy, drains every API process, then the
// database. Installs what is missing like `npm start` (Debian's caddy, as root).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build, ensureDependencies, ensureSystemPackages, ROOT, say } from './lib/setup.mjs';

const { values } = parseArgs({ args: process.argv.slice(2), options: { processes: { type: 'string', default: '2' } } });
const count = Number(values.processes);
if (!Number.isInteger(count) || count < 1 || count > 16) throw new Error('--processes must be 1 to 16');

ensureDependencies();
ensureSystemPackages(['postgis', 'caddy']);
build();

const { EmbeddedPostgres } = await import(path.join(ROOT, 'apps/api/dist/database/embedded-postgres.js'));
const dataDir = path.resolve(ROOT, process.env.DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 3000);
say(`starting the database, ${count} API processes and Caddy on :${port}`);
const database = await EmbeddedPostgres.start({ dataDir: path.join(dataDir, 'postgres'), database: 'centinela', durable: true, log: (m) => say(m) });

const children = [];
const health = async (p) => {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${p}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the API on port ${p} did not become healthy`);
};
const startApi = (p, extra) => {
  const child = spawn(process.execPath, ['apps/api/dist/main.js'], {
    cwd: ROOT,
    stdio: 'inherit',
    // Behind Caddy, one hop (TRUST_PROXY=true): client addresses come from the rightmost X-Forwarded-For entry
    // (rate limits hash them; none is stored).
    env: { ...process.env, DATABASE_URL: database.url, DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(p), TRUST_PROXY: 'true', ...extra },
  });
  children.push(child);
  return child;
};
// The first process migrates and seeds the demo (once); the others start when it is up.
startApi(port + 1, {});
await health(port + 1);
for (let i = 2; i <= count; i++) startApi(port + i, { SEED_DEMO: 'false' });
for (let i = 2; i <= count; i++) await health(port + i);

const upstreams = Array.from({ length: count }, (_, i) => `127.0.0.1:${port + i + 1}`).join(' ');
const caddyfile = path.join(dataDir, 'Caddyfile');
mkdirSync(dataDir, { recursive: true });
writeFileSync(
  caddyfile,
  `{
\tadmin off
\tauto_https off
\tlog {
\t\tlevel WARN
\t}
}
:${port} {
\treverse_proxy ${upstreams} {
\t\tlb_policy cookie centinela_lb
\t\tlb_try_duration 5s
\t\thealth_uri /api/health
\t\thealth_interval 2s
\t\tfail_duration 10s
\t}
}
`,
);
const caddy = spawn('caddy', ['run', '--config', caddyfile, '--adapter', 'caddyfile'], { stdio: ['ignore', 'ignore', 'inherit'] });
say(`Centinela is serving on http://localhost:${port} through Caddy, with ${count} API processes (ports ${port + 1}–${port + count})`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  say('stopping: Caddy, then every API process (draining), then the database');
  caddy.kill('SIGTERM');
  await Promise.all(
    children.map((child) => (child.exitCode !== null ? undefined : new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))))),
  );
  await database.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
for (const child of children) child.on('exit', (code) => !stopping && code !== 0 && say(`an API process exited (${code}); the others keep serving`));
