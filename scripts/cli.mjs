// `npm run cli -- <command>`: makes sure the API is built, then runs its CLI (apps/api/src/cli.ts).
import { spawnSync } from 'node:child_process';
import { build, ensureDependencies, ensureSystemPackages, ROOT } from './lib/setup.mjs';

ensureDependencies();
if (process.argv[2] === 'map:import') ensureSystemPackages(['osm2pgsql']);
build({ web: false, quiet: true });
const result = spawnSync(process.execPath, ['apps/api/dist/cli.js', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
process.exit(result.status ?? 1);
