// `npm start`: installs what is missing (npm dependencies; PostGIS unless DATABASE_URL is set), builds
// what is out of date, then runs the API, which starts the embedded database, seeds the demo on first
// run and serves the web app. Ctrl-C stops the API, which stops the database.
import { spawn } from 'node:child_process';
import { build, ensureDependencies, ensureSystemPackages, ROOT } from './lib/setup.mjs';

ensureDependencies();
ensureSystemPackages([...(process.env.DATABASE_URL ? [] : ['postgis']), 'osm2pgsql']);
build();

const api = spawn(process.execPath, ['apps/api/dist/main.js'], { cwd: ROOT, stdio: 'inherit' });
// Signals are passed on to the API, which drains and then stops the database. When the whole process group is
// signalled (Ctrl-C in a terminal, `docker stop`, systemd), the API gets the signal twice; it stops once.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => api.kill(signal));
api.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
