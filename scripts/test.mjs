// `npm test`: installs what is missing, builds, starts a private throwaway PostGIS cluster (unless
// TEST_DATABASE_URL is set), then runs unit + medium + integration tests (jest) and browser tests (Playwright).
// `npm test -- --unit | --medium | --integration | --browser` runs one tier; the full run also lints and checks formatting.
// Medium tests (test/medium) are services against the real database, without HTTP.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, ensureDependencies, ensureSystemPackages, ROOT, run, say } from './lib/setup.mjs';

const args = process.argv.slice(2);
const tier = ['unit', 'medium', 'integration', 'browser'].find((t) => args.includes(`--${t}`)) ?? 'all';
const wants = (t) => tier === 'all' || tier === t;

ensureDependencies();
ensureSystemPackages([
  ...(process.env.TEST_DATABASE_URL ? [] : ['postgis']),
  ...(tier === 'unit' || tier === 'medium' ? [] : ['osm2pgsql']),
  ...(wants('browser') ? ['chromium'] : []),
]);
build();
say('type-checking the web app and the tests');
for (const project of ['apps/web/tsconfig.json', 'apps/web/tsconfig.sw.json', 'test/tsconfig.json']) {
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project, '--noEmit']);
}

let cluster;
let tmp;
if (!process.env.TEST_DATABASE_URL && tier !== 'unit') {
  const { EmbeddedPostgres } = await import(path.join(ROOT, 'apps/api/dist/database/embedded-postgres.js'));
  tmp = mkdtempSync(path.join(os.tmpdir(), 'centinela-test-'));
  chmodSync(tmp, 0o755); // PostgreSQL runs as the postgres user and must reach its data directory
  say('starting a throwaway PostGIS cluster');
  cluster = await EmbeddedPostgres.start({ dataDir: path.join(tmp, 'pg'), database: 'postgres', durable: false });
  process.env.TEST_DATABASE_URL = cluster.url;
}
const cleanup = async () => {
  await cluster?.stop().catch(() => undefined);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
};
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

let failed = false;
const suite = (name, argv) => {
  say(name);
  const result = spawnSync(process.execPath, argv, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, TZ: 'UTC' } });
  if (result.status !== 0) failed = true;
};

if (tier === 'all') {
  // Lint (typescript-eslint strict + type-checked, React hooks) and formatting (Prettier): `npm run format` fixes most.
  suite('lint (ESLint)', ['node_modules/eslint/bin/eslint.js', '.']);
  suite('format check (Prettier)', ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '**/*.{ts,tsx,mjs,js,json,css}']);
}
if (wants('unit') || wants('medium') || wants('integration')) {
  const projects = tier === 'all' ? [] : ['--selectProjects', tier];
  // Two files at a time, at least: each integration file has its own database (copied from a migrated template) and
  // its own ports, and most of its time is spent waiting on child processes, timers and PostgreSQL, not on CPU. On this
  // 2-core machine that took the jest tier from 589 s to 234–276 s, and it passed with one core kept busy by another
  // process (309 s). More than four would only queue on the one PostgreSQL.
  const workers = Math.min(4, Math.max(2, os.availableParallelism()));
  suite('unit, medium and integration tests (jest)', [
    '--disable-warning=ExperimentalWarning',
    '--experimental-vm-modules',
    'node_modules/jest/bin/jest.js',
    `--maxWorkers=${workers}`,
    ...projects,
  ]);
}
if (wants('browser')) {
  suite('browser tests (Playwright on Chromium)', ['node_modules/@playwright/test/cli.js', 'test', '--config', 'test/browser/playwright.config.ts']);
}

await cleanup();
say(failed ? 'tests FAILED' : 'all tests passed');
process.exit(failed ? 1 : 0);
