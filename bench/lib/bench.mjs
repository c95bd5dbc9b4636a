// The orchestrator behind bench/run.mjs: throwaway cluster, the API as a child process, the synthetic city,
// two client processes, the six measurements, the table, docs/PERFORMANCE.md; cleans up on every exit path.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { measureEscalation } from '../phases/escalation.mjs';
import { measureFanout } from '../phases/fanout.mjs';
import { measureDispatchLoad } from '../phases/load.mjs';
import { measureMap } from '../phases/map.mjs';
import { measureIngest } from '../phases/ingest.mjs';
import { measureHttpFloor, measureLocations, measureLocationsQuiet } from '../phases/locations.mjs';
import { measureMatching } from '../phases/matching.mjs';
import { citySockets, connectCity } from '../phases/memory.mjs';
import { measureReportToPing, stopEscalations } from '../phases/report-to-ping.mjs';
import { ApiProcess } from './api.mjs';
import { generateCity, mintTokens, seedCity } from './city.mjs';
import { withStatements } from './profile.mjs';
import { all, ClientProcess, split } from './clients.mjs';
import { loadModel } from './model.mjs';
import { cpuSeconds, machine, machineCpu, postgresCpuSeconds, treeCpuSeconds } from './proc.mjs';
import { buildRows, printTable, writeDoc } from './report.mjs';
import { sleep } from './stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The bench's two sizes (bench/micro/selection.mjs builds the full city too). */
export const SIZES = {
  full: {
    responders: 10_000,
    located: 5_000,
    connectedResponders: 1_980,
    cityWatchers: 20,
    watchers: 2_000,
    matchPoints: 20_000,
    selectionPoints: 5_000,
    minTimingMs: 1_500,
    reportRate: 200,
    reportSeconds: 60,
    reportFloorRate: 10,
    reportFloorSeconds: 10,
    maxReportPoints: 2_000,
    locationLevels: [1, 2, 4, 8, 16, 32, 64],
    locationSeconds: 5,
    quietLevels: [1, 8, 32],
    ingestLevels: [4, 8, 16, 32, 64],
    ingestSeconds: 5,
    hotlineConcurrency: 8,
    warmupSeconds: 1,
    idleSeconds: 5,
    fanoutRate: 20,
    fanoutSeconds: 10,
    // 101 × 101 streets 200 m apart: 20,200 segments; addresses every 40 m on both sides: 202,000.
    mapStreets: 101,
    mapAddressSpacing: 40,
    mapQueries: 600,
    mapTiles: 150,
    loadRuns: 3,
    escalationRate: 10,
    escalationSeconds: 60,
    burstRate: 150,
    burstCount: 1_500,
  },
  smoke: {
    responders: 2_000,
    located: 500,
    connectedResponders: 180,
    cityWatchers: 20,
    watchers: 200,
    matchPoints: 1_000,
    selectionPoints: 300,
    minTimingMs: 100,
    reportRate: 20,
    reportSeconds: 3,
    reportFloorRate: 5,
    reportFloorSeconds: 1,
    maxReportPoints: 200,
    locationLevels: [4, 16],
    locationSeconds: 1.5,
    quietLevels: [4],
    ingestLevels: [8],
    ingestSeconds: 1.5,
    hotlineConcurrency: 4,
    warmupSeconds: 0.5,
    idleSeconds: 1,
    fanoutRate: 10,
    fanoutSeconds: 2,
    mapStreets: 21,
    mapAddressSpacing: 40,
    mapQueries: 30,
    mapTiles: 10,
    loadRuns: 1,
    escalationRate: 5,
    escalationSeconds: 2,
    burstRate: 50,
    burstCount: 100,
  },
};

const log = (message) => process.stdout.write(`  · ${message}\n`);

export async function main(argv) {
  const smoke = argv.includes('--smoke');
  // --map: only the street map and load measurements (8, 9), written to their own section of PERFORMANCE.md.
  const mapOnly = argv.includes('--map');
  const profile = argv.includes('--profile');
  // --intake: only the hotline-call path, paced below saturation, with SQL per call; printed, not written.
  const intake = argv.includes('--intake');
  // --locations: only measurement 5 over the responder's socket (with --profile, a CPU profile of it); printed, not written.
  const locationsOnly = argv.includes('--locations');
  const size = smoke ? SIZES.smoke : SIZES.full;
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const startedAt = new Date();

  const state = { tmp: null, cluster: null, api: null, clients: [], pg: null, extra: [] };
  let cleaning = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      const step = async (work) => {
        try {
          await work();
        } catch {
          /* keep cleaning */
        }
      };
      for (const c of state.clients) await step(() => c.stop());
      for (const stop of state.extra) await step(stop);
      await step(() => state.pg?.end());
      await step(() => state.api?.stop());
      await step(() => state.cluster?.stop());
      if (state.tmp) await step(() => rmSync(state.tmp, { recursive: true, force: true }));
    })());
  const onSignal = (signal) => {
    process.stderr.write(`\n${signal}: cleaning up\n`);
    void cleanup().then(() => process.exit(130));
  };
  const onFatal = (error) => {
    process.stderr.write(`\n✖ benchmark failed: ${error?.stack ?? error}\n`);
    void cleanup().then(() => process.exit(1));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);

  try {
    const results = await run({ size, smoke, profile, state, mapOnly, intake, locationsOnly });
    const apiOutput = state.api?.output ?? [];
    await cleanup();
    if (intake) {
      printIntake(results.intake);
      // Measurement 2 ran too (the model is built for the intake's wave-1 predictions): its figures, for A/B checks.
      const { zone, selection } = results.matching;
      console.log(
        `measurement 2: zone match ${zone.ratio.toFixed(0)}× PostGIS; wave-1 selection ${selection.memorySelectUs.toFixed(0)} µs vs KNN ${selection.knnUs.toFixed(0)} µs (${selection.ratio.toFixed(2)}×)`,
      );
      return 0;
    }
    if (locationsOnly) return 0; // each level was logged as it ran
    results.seconds = (Date.now() - startedAt.getTime()) / 1000;
    if (apiOutput.length)
      process.stdout.write(
        `\nthe API logged (warn and above), last lines:\n${apiOutput
          .slice(-5)
          .map((l) => `  ${l.slice(0, 300)}`)
          .join('\n')}\n`,
      );
    const info = { ...machine(), postgres: results.postgresVersion, postgis: results.postgisVersion };
    const rows = buildRows(results, { smoke: smoke || profile });
    printTable(rows);
    const other = results.otherLoadCores;
    process.stdout.write(
      `\nprocesses the bench did not start used ${(other * 100).toFixed(0)} % of one core on average during the measurements${other > 0.1 ? ' (the machine was not quiet)' : ''}\n`,
    );
    const docPath = path.join(ROOT, 'docs/PERFORMANCE.md');
    writeDoc(docPath, { rows, results, info, command, startedAt, smoke, profile, size });
    process.stdout.write(`\nwritten to ${path.relative(process.cwd(), docPath) || docPath}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`\n✖ benchmark failed: ${error?.stack ?? error}\n`);
    if (state.api?.output?.length) process.stderr.write(`\nlast API output:\n${state.api.output.slice(-20).join('\n')}\n`);
    await cleanup();
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('uncaughtException', onFatal);
    process.removeListener('unhandledRejection', onFatal);
  }
}

async function run({ size, profile, state, mapOnly, intake, locationsOnly }) {
  const results = { profiles: {}, mapOnly };
  const load = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  if (load > 0.5) log(`warning: the machine is busy before the start (load average ${load}); other work skews the figures`);
  const { EmbeddedPostgres } = await import(path.join(ROOT, 'apps/api/dist/database/embedded-postgres.js'));
  state.tmp = mkdtempSync(path.join(os.tmpdir(), 'centinela-bench-'));
  chmodSync(state.tmp, 0o755); // PostgreSQL runs as the postgres user and must reach its data directory
  const dataDir = path.join(state.tmp, 'data');
  mkdirSync(dataDir, { recursive: true });

  log('starting a throwaway PostGIS cluster');
  const clusterOptions = { dataDir: path.join(state.tmp, 'pg'), database: 'centinela', durable: false };
  state.cluster = await EmbeddedPostgres.start(clusterOptions);
  // --profile: per-statement SQL timings (pg_stat_statements).
  if (profile || intake) state.cluster = await withStatements(EmbeddedPostgres, state.cluster, clusterOptions);
  const databaseUrl = state.cluster.url;
  const postmasterPid = Number(readFileSync(path.join(state.tmp, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const jwtSecret = randomBytes(48).toString('base64url');
  // Every report must open its own incident: the bench reports again and again from its ~2,000 points, and a
  // report joining an incident that already has a dispatch pings nobody (issue 4), which would leave measurement 1
  // nothing to time after the first report per point. A zero-minute grouping window keeps the grouping query on
  // the path (same statement, same index use) while no two reports share an observation instant.
  const apiOptions = { root: ROOT, databaseUrl, jwtSecret, dataDir, env: { GROUP_WINDOW_MINUTES: '0' } };

  log('first API start: migrations');
  state.api = await ApiProcess.start(apiOptions);
  await state.api.stop();
  state.api = null;

  log(
    `seeding the city with bulk SQL: 1,000 zones, ${size.responders.toLocaleString('en-US')} responders, ${size.watchers.toLocaleString('en-US')} dispatchers/coordinators`,
  );
  const city = generateCity(size);
  state.pg = new pg.Client({ connectionString: databaseUrl });
  state.pg.on('error', () => undefined); // the cluster may stop under it during cleanup
  await state.pg.connect();
  await seedCity(state.pg, city);
  results.postgresVersion = (await state.pg.query('SHOW server_version')).rows[0].server_version;
  results.postgisVersion = (await state.pg.query('SELECT postgis_lib_version() AS v')).rows[0].v;
  await mintTokens(jwtSecret, city);
  const zonesGeoJson = (await state.pg.query('SELECT id, name, ST_AsGeoJSON(area)::json AS area FROM zones ORDER BY name, id')).rows;
  const model = await loadModel(ROOT, city, zonesGeoJson);

  if (mapOnly) return runMap({ results, size, state, databaseUrl, jwtSecret, city, apiOptions });

  log('measurement 2: zone match and selection, in memory vs PostGIS');
  results.matching = await measureMatching({ pg: state.pg, model, city, size });

  log('second API start: loads the roster and zone index');
  state.api = await ApiProcess.start(apiOptions);
  const api = state.api;

  const clients = [new ClientProcess('client-1'), new ClientProcess('client-2')];
  state.clients = clients;
  await all(clients, 'setTarget', { url: api.url });

  const runMeter = { busy: machineCpu(), ours: treeCpuSeconds(process.pid) + postgresCpuSeconds(postmasterPid), t: performance.now() };
  results.otherLoad = () => {
    const busy = machineCpu().busy - runMeter.busy.busy;
    const ours = treeCpuSeconds(process.pid) + postgresCpuSeconds(postmasterPid) - runMeter.ours;
    return Math.max(0, busy - ours) / ((performance.now() - runMeter.t) / 1000);
  };
  // The API processes being measured: one, or two for the two-process row of measurement 1.
  const apis = [api];
  const meter = () => {
    const snap = () => ({
      t: performance.now(),
      api: apis.reduce((sum, p) => sum + cpuSeconds(p.pid), 0),
      pg: postgresCpuSeconds(postmasterPid),
      clients: clients.map((c) => c.cpu()),
      ours: treeCpuSeconds(process.pid) + postgresCpuSeconds(postmasterPid),
      machine: machineCpu(),
    });
    const a = snap();
    return () => {
      const b = snap();
      const wall = (b.t - a.t) / 1000;
      return {
        wall,
        api: b.api - a.api,
        pg: b.pg - a.pg,
        clients: b.clients.reduce((s, v, i) => s + v - a.clients[i], 0),
        machineBusy: b.machine.busy - a.machine.busy,
        machineTotal: b.machine.total - a.machine.total,
        // CPU used by processes the bench did not start (other work on the machine), in cores.
        foreign: Math.max(0, b.machine.busy - a.machine.busy - (b.ours - a.ours)) / wall,
      };
    };
  };
  if (profile || intake) await state.pg.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const profiled = async (name, work) => {
    if (!profile) return work();
    const { summarizeProfile, sqlSummary } = await import('./profile.mjs');
    await state.pg.query('SELECT pg_stat_statements_reset()');
    const stop = await api.startProfile();
    try {
      return await work();
    } finally {
      const cpuprofile = await stop();
      const dir = path.join(os.tmpdir(), 'centinela-bench-profiles');
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name}.cpuprofile`);
      writeFileSync(file, JSON.stringify(cpuprofile));
      results.profiles[name] = { file, summary: summarizeProfile(cpuprofile, ROOT), sql: await sqlSummary(state.pg) };
      writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(results.profiles[name], null, 2));
      log(`profile of ${name}: ${file} (summary: ${name}.json)`);
    }
  };

  log(`sharing ${city.responders.filter((r) => r.located).length.toLocaleString('en-US')} live locations through PUT /api/responders/me/location`);
  const located = city.responders.filter((r) => r.located);
  const batches = await all(clients, 'batch', (i) => ({
    requests: split(located, clients.length)[i].map((r) => ({
      method: 'PUT',
      path: '/api/responders/me/location',
      token: r.token,
      body: { coordinates: r.position },
    })),
  }));
  const failures = batches.reduce((s, b) => s + b.failures, 0);
  if (failures > 0) throw new Error(`${failures} location updates failed, e.g. ${JSON.stringify(batches.find((b) => b.first)?.first)}`);

  log(`measurement 4: connecting ${(size.connectedResponders + size.cityWatchers).toLocaleString('en-US')} sockets (memory per socket)`);
  results.memory = await connectCity({ api, clients, city, size, log });

  // The idle background (pg-boss polling, socket heartbeats, autovacuum), to read per-request CPU figures against.
  const idleMeter = meter();
  await sleep(size.idleSeconds * 1000);
  const idle = idleMeter();
  results.idle = { apiPerSecond: idle.api / idle.wall, pgPerSecond: idle.pg / idle.wall, machineBusy: idle.machineBusy / idle.machineTotal };
  log(
    `idle with the sockets connected: API ${(results.idle.apiPerSecond * 100).toFixed(1)} % CPU, PostgreSQL ${(results.idle.pgPerSecond * 100).toFixed(1)} %`,
  );

  if (intake) {
    results.intake = await measureIntake({ api, clients, city, model, size, meter, log, pg: state.pg, profile });
    return results;
  }

  if (locationsOnly) {
    log('measurement 5 alone: location updates over the socket at increasing concurrency');
    results.locations = await profiled('locations', () => measureLocations({ clients, city, size, meter, log, viaHttp: false }));
    return results;
  }

  log(`measurement 1: report → ping at ${size.reportRate} reports/s for ${size.reportSeconds} s`);
  results.reportToPing = await measureReportToPing({ api, clients, city, model, size, meter, log, pg: state.pg, profiled });
  await stopEscalations(state.pg);

  log('measurement 1, two API processes: a second API on the same database; the second client reports to it and its sockets move there');
  const second = await ApiProcess.start(apiOptions);
  state.extra.push(() => second.stop());
  const { parts: socketParts } = citySockets(city, size, clients.length);
  const moveSockets = async (urls) => {
    await all(clients, 'disconnectAll');
    const moved = await all(clients, 'connect', (i) => ({ url: urls[i], clients: socketParts[i] }));
    const failed = moved.reduce((s, c) => s + c.failed, 0);
    if (failed > 0) throw new Error(`${failed} sockets failed to reconnect: ${moved.find((c) => c.firstError)?.firstError}`);
    await all(clients, 'setTarget', (i) => ({ url: urls[i] }));
  };
  await moveSockets([api.url, second.url]);
  apis.push(second);
  results.reportToPingTwo = await measureReportToPing({ api, clients, city, model, size, meter, log, pg: state.pg });
  apis.pop();
  await stopEscalations(state.pg);
  await moveSockets([api.url, api.url]);
  await second.stop();

  log('measurement 5: location updates at increasing concurrency');
  results.locations = await profiled('locations', () => measureLocations({ clients, city, size, meter, log }));

  log('measurement 6: ingest (POST /api/sightings, channel sms) vs pgbench');
  results.ingest = await profiled('ingest', () => measureIngest({ clients, city, size, meter, log, pg: state.pg, databaseUrl, tmp: state.tmp }));

  log('for the analysis: location updates with no socket connected, and a bare node:http server');
  await all(clients, 'disconnectAll');
  await sleep(1000);
  results.locations.quiet = await measureLocationsQuiet({ clients, city, size, meter, log });
  results.locations.floor = await measureHttpFloor({ clients, city, size, meter, log, state });

  log(`measurement 3: fan-out to ${size.watchers.toLocaleString('en-US')} sockets vs a plain ws broadcast`);
  results.fanout = await profiled('fanout', () => measureFanout({ api, clients, city, size, meter, log, state, model }));

  log('measurement 7: escalation wake-ups (the API restarted with 10 s between waves)');
  await all(clients, 'disconnectAll');
  await stopEscalations(state.pg);
  await state.api.stop();
  const waveDelaySeconds = 10;
  state.api = await ApiProcess.start({
    ...apiOptions,
    env: {
      ...apiOptions.env,
      WAVE_2_AFTER_SECONDS: String(waveDelaySeconds),
      WAVE_3_AFTER_SECONDS: String(waveDelaySeconds),
      WAVE_4_AFTER_SECONDS: String(waveDelaySeconds),
    },
  });
  await all(clients, 'setTarget', { url: state.api.url });
  results.escalation = await measureEscalation({ clients, city, size, log, pg: state.pg, waveDelaySeconds });
  // Its unfilled dispatches would go on escalating (wave 4 pings everyone on duty) through measurement 8.
  await stopEscalations(state.pg);
  await state.pg.query('UPDATE pings SET notified_at = now() WHERE notified_at IS NULL');

  for (const c of clients) await c.stop();
  state.clients = [];
  await runMap({ results, size, state, databaseUrl, jwtSecret, city, api: state.api });
  results.otherLoadCores = results.otherLoad();
  delete results.otherLoad;
  return results;
}

/**
 * `--intake`: the hotline-call path alone (measurement 1's reports, wave-1 pings, 20 watchers), paced at
 * INTAKE_RATE (default 100/s) for 20 s, below saturation, so CPU per call is the path's and not a backlog's;
 * with the SQL per call (pg_stat_statements, planning included). For working on issue 9's "CPU per call".
 */
async function measureIntake({ api, clients, city, model, size, meter, log, pg: client, profile }) {
  const rate = Number(process.env.INTAKE_RATE ?? 100);
  const { sqlSummary, summarizeProfile } = await import('./profile.mjs');
  const paced = { ...size, reportFloorRate: 10, reportFloorSeconds: 5, reportRate: rate, reportSeconds: 20 };
  let sql = null;
  let cpuProfile = null;
  const profiled = async (name, work) => {
    if (name !== 'report-to-ping') return work();
    await client.query('SELECT pg_stat_statements_reset()');
    const stop = profile ? await api.startProfile() : null;
    const result = await work();
    if (stop) {
      const cpuprofile = await stop();
      const file = path.join(os.tmpdir(), 'centinela-intake.cpuprofile');
      writeFileSync(file, JSON.stringify(cpuprofile));
      cpuProfile = { file, summary: summarizeProfile(cpuprofile, ROOT) };
    }
    sql = await sqlSummary(client);
    return result;
  };
  log(`intake: hotline calls at ${rate}/s for 20 s (after 5 s at 10/s)`);
  const measured = await measureReportToPing({ api, clients, city, model, size: paced, meter, log, pg: client, profiled });
  await stopEscalations(client);
  return { ...measured, sql, cpuProfile };
}

function printIntake(r) {
  const per = (seconds) => `${Math.round((seconds * 1e6) / r.reports).toLocaleString('en-US')} µs`;
  const out = [
    `\nintake at ${r.rate}/s for ${r.seconds} s: ${r.reports} calls, ${r.failed} failed; wave-1 pings ${r.pingsSeen} of ${r.pingsExpected}`,
    `ping p50 ${r.ping.p50.toFixed(1)} ms, p99 ${r.ping.p99.toFixed(1)} ms; sighting.created p50 ${r.created.p50.toFixed(1)} ms; HTTP p50 ${r.http.p50.toFixed(1)} ms`,
    `CPU per call: API ${per(r.cpu.api)}, PostgreSQL ${per(r.cpu.pg)} (idle background included)`,
    `floor at 10/s: ping p50 ${r.floor.ping.p50.toFixed(1)} ms, p99 ${r.floor.ping.p99.toFixed(1)} ms`,
    `SQL per call: ${(r.sql.calls / r.reports).toFixed(1)} statements, ${((r.sql.ms * 1000) / r.reports).toFixed(0)} µs executing, ${((r.sql.planMs * 1000) / r.reports).toFixed(0)} µs planning`,
    ...r.sql.top.map(
      (q) =>
        `  ${(q.calls / r.reports).toFixed(2)}× ${(q.meanMs * 1000).toFixed(0)} µs + plan ${(q.planMeanMs * 1000).toFixed(0)} µs  ${q.query.slice(0, 110)}`,
    ),
  ];
  if (r.cpuProfile) {
    const { summary } = r.cpuProfile;
    out.push(`API CPU profile (${r.cpuProfile.file}), ${(summary.busyMs / r.reports).toFixed(2)} ms busy per call; self time by component:`);
    out.push(...summary.categories.slice(0, 15).map((c) => `  ${(c.share * 100).toFixed(1)} %  ${c.name}`));
    out.push('inclusive:', ...summary.inclusive.slice(0, 25).map((f) => `  ${(f.share * 100).toFixed(1)} %  ${f.name}`));
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/** Measurements 8 and 9: the street map on a city-size extract, then /dispatch's cold load on the demo. */
async function runMap({ results, size, state, databaseUrl, jwtSecret, city, api = null, apiOptions = null }) {
  if (!api) {
    log('API start');
    state.api = api = await ApiProcess.start(apiOptions);
    const busy0 = machineCpu();
    const ours0 = treeCpuSeconds(process.pid);
    const t0 = performance.now();
    results.otherLoad = () => Math.max(0, machineCpu().busy - busy0.busy - (treeCpuSeconds(process.pid) - ours0)) / ((performance.now() - t0) / 1000);
  }
  log('measurement 8: the street map — import a city-size extract, then search, reverse and z14 tiles');
  const dispatcherToken = city.watchers.find((w) => w.role === 'dispatcher').token;
  results.map = await measureMap({ api, root: ROOT, tmp: state.tmp, databaseUrl, dataDir: path.join(state.tmp, 'data'), token: dispatcherToken, size, log });
  if (results.mapOnly) {
    results.otherLoadCores = results.otherLoad();
    delete results.otherLoad;
  }

  log('measurement 9: /dispatch cold load in Chromium, on the demo network (its own API and database)');
  await api.stop();
  state.api = null;
  await state.pg.query('CREATE DATABASE centinela_demo');
  const demoDataDir = path.join(state.tmp, 'demo-data');
  mkdirSync(demoDataDir, { recursive: true });
  const demoUrl = Object.assign(new URL(databaseUrl), { pathname: '/centinela_demo' }).toString();
  state.api = await ApiProcess.start({ root: ROOT, databaseUrl: demoUrl, jwtSecret, dataDir: demoDataDir, env: { SEED_DEMO: 'true' } });
  results.load = await measureDispatchLoad({ api: state.api, dataDir: demoDataDir, runs: size.loadRuns, log });
  return results;
}
