// Dependency-free helpers for `npm start` and `npm test`: they run before node_modules exists,
// so they are plain JavaScript on Node's standard library only.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const started = Date.now();
const clock = () => {
  const seconds = Math.round((Date.now() - started) / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};
/** A step's heading, with the time since the command started (where a slow `npm test` spends it shows in CI's log). */
export const say = (message) => process.stdout.write(`\x1b[1m▸ ${message}\x1b[0m \x1b[2m${clock()}\x1b[0m\n`);

/** Runs a command in the repository root with inherited output; exits the process if it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    process.stderr.write(`\n✖ ${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status || 1);
  }
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

/** Newest modification time of any file below `dir` (skipping node_modules and build output). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/** Whether `output` is missing or older than anything under `inputs`. */
export const isStale = (output, inputs) => {
  const built = mtime(path.join(ROOT, output));
  return built === 0 || inputs.some((input) => newest(path.join(ROOT, input)) > built);
};

/**
 * Installs the locked dependencies when node_modules is missing or older than package-lock.json.
 * `npm install`, not `npm ci`: registry mirrors that carry only Linux builds of native packages (swc, rolldown)
 * cannot record other platforms' optional binaries in the lock, and `npm ci` then refuses the lock as out of
 * sync; `npm install` installs the same locked versions and skips what the platform does not need.
 */
export function ensureDependencies() {
  const installed = path.join(ROOT, 'node_modules/.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  if (existsSync(installed) && mtime(installed) >= mtime(lock)) return;
  say('installing npm dependencies');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

/** The Debian packages a feature needs, each with a file that shows it is installed. */
export const packages = {
  postgis: {
    apt: ['postgresql-15-postgis-3'],
    present: () =>
      globExists('/usr/share/postgresql', (v) => `/usr/share/postgresql/${v}/extension/postgis.control`) &&
      globExists('/usr/lib/postgresql', (v) => `/usr/lib/postgresql/${v}/bin/initdb`),
  },
  chromium: { apt: ['chromium'], present: () => existsSync('/usr/bin/chromium') },
  caddy: { apt: ['caddy'], present: () => existsSync('/usr/bin/caddy') },
  // Reads OpenStreetMap extracts into PostGIS (`map:import`, and the demo town at first start).
  osm2pgsql: { apt: ['osm2pgsql'], present: () => existsSync('/usr/bin/osm2pgsql') },
};

function globExists(root, candidate) {
  return existsSync(root) && readdirSync(root).some((version) => existsSync(candidate(version)));
}

/**
 * Installs missing Debian packages when running as root; otherwise stops with one line saying what to install.
 * Skipped for PostGIS when an external database is configured.
 */
export function ensureSystemPackages(names) {
  const missing = names.filter((name) => !packages[name].present());
  if (missing.length === 0) return;
  const apt = missing.flatMap((name) => packages[name].apt);
  if (process.getuid?.() !== 0) {
    process.stderr.write(`✖ missing system packages: install them with \`sudo apt-get install -y ${apt.join(' ')}\` and run again\n`);
    process.exit(1);
  }
  say(`installing ${apt.join(', ')} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env });
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...apt], { env });
}

/** Builds what is out of date: libraries and API (incremental tsc), and the web app when its sources changed. */
export function build({ web = true, quiet = false } = {}) {
  if (!quiet) say('building');
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'libs/contracts', 'libs/geo', 'apps/api/tsconfig.app.json']);
  if (web && isStale('apps/web/dist/index.html', ['apps/web', 'libs/contracts/src', 'libs/geo/src'])) {
    run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', 'apps/web', '--logLevel', 'warn']);
  }
}
