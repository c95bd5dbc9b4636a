// Playwright's web server: the built API on a fresh database (on the TEST_DATABASE_URL server) with the demo
// network seeded into a throwaway DATA_DIR, so tests sign in with the demo accounts. Cleans up on exit.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const server = process.env.TEST_DATABASE_URL;
const dataDir = process.env.CENTINELA_BROWSER_DATA_DIR;
if (!server || !dataDir) throw new Error('run through `npm test` (TEST_DATABASE_URL and CENTINELA_BROWSER_DATA_DIR are needed)');

const name = `centinela_browser_${randomBytes(5).toString('hex')}`;
const urlFor = (database) => Object.assign(new URL(server), { pathname: `/${database}` }).toString();
const admin = new pg.Client({ connectionString: urlFor('postgres') });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
await admin.end();

rmSync(dataDir, { recursive: true, force: true });
const api = spawn(process.execPath, ['apps/api/dist/main.js'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: urlFor(name), DATA_DIR: dataDir, SEED_DEMO: 'true', LOG_LEVEL: 'warn', HOST: '127.0.0.1' },
});

let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  api.kill('SIGTERM');
  await new Promise((resolve) => (api.exitCode === null ? api.once('exit', resolve) : resolve()));
  const cleanup = new pg.Client({ connectionString: urlFor('postgres') });
  await cleanup.connect();
  await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await cleanup.end();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
};
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
api.on('exit', (code) => void stop(code ?? 1));
