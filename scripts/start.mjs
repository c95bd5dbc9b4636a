// `npm start`: installs what is missing (npm dependencies; PostGIS unless DATABASE_URL is set), builds
// what is out of date, then runs the API, which starts the embedded database, seeds the demo on first
// run and serves the web app. Ctrl-C stops the API, which stops the database.
import { spawn } from 'node:child_process';
import { build, ensureDependencies, ensureSystemPackages, ROOT } from './lib/setup.mjs';

ensureDependencies();
ensureSystemPackages([...(process.env.DATABASE_URL ? [] : ['postgis']), 'osm2pgsql']);
build();

const api = spawn(process.execPath, ['apps/api/dist/main.js'], { cwd: ROOT, stdio: 'inherit' });
// The terminal sends Ctrl-C to the whole process group; the API shuts down on its own. Forward a plain kill.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => api.kill('SIGTERM'));
api.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
