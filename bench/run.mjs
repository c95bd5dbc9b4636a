// `npm run bench` — Centinela's benchmark: builds what it needs, starts a throwaway PostGIS cluster and the
// real API, builds a synthetic city, runs the six measurements, prints one table and writes it to
// docs/PERFORMANCE.md. `npm run bench -- --smoke` runs everything tiny and judges nothing (for CI).
// `--profile` also takes CPU profiles of the API during the load phases (slower; numbers are then skewed).
import { build, ensureDependencies, ensureSystemPackages, say } from '../scripts/lib/setup.mjs';

ensureDependencies();
ensureSystemPackages(['postgis', 'osm2pgsql', 'chromium']);
build(); // the web app too: measurement 8 loads /dispatch in Chromium
say('benchmark');
const { main } = await import('./lib/bench.mjs');
process.exitCode = await main(process.argv.slice(2));
