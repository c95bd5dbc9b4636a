// Measurement 6: ingest. POST /api/sightings (channel "sms": stored, zone-matched and broadcast to the map
// watchers, but no dispatch runs) closed-loop at increasing concurrency, against pgbench inserting single
// rows with a PostGIS point into a copy of the sightings table (same columns, defaults, checks and indexes,
// GiST included) at the same concurrency, on the same cluster.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { all, split } from '../lib/clients.mjs';
import { AREA } from '../lib/city.mjs';
import { rng, sleep, summary } from '../lib/stats.mjs';
import { stopEscalations } from './report-to-ping.mjs';

const exec = promisify(execFile);

const PGBENCH_SCRIPT = `\\set x random(0, 1000000)
\\set y random(0, 1000000)
INSERT INTO bench_ingest (location, observed_at, channel, zone_ids, incident_id)
VALUES (ST_SetSRID(ST_MakePoint(${AREA.west} + :x * ${(AREA.east - AREA.west) / 1e6}, ${AREA.south} + :y * ${(AREA.north - AREA.south) / 1e6}), 4326), now(), 'sms', '{}', '00000000-0000-4000-8000-000000000000');
`;

export async function measureIngest({ clients, city, size, meter, log, pg, databaseUrl, tmp }) {
  const random = rng(13);
  const points = Array.from({ length: 2000 }, () => [AREA.west + random() * (AREA.east - AREA.west), AREA.south + random() * (AREA.north - AREA.south)]);
  const dispatchers = city.watchers.slice(0, size.cityWatchers).filter((w) => w.role === 'dispatcher');
  const tokens = dispatchers.map((d) => d.token);

  await pg.query('DROP TABLE IF EXISTS bench_ingest');
  await pg.query('CREATE TABLE bench_ingest (LIKE sightings INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)');
  const script = path.join(tmp, 'pgbench-insert.sql');
  writeFileSync(script, PGBENCH_SCRIPT);
  const url = new URL(databaseUrl);
  const pgEnv = {
    ...process.env,
    PGHOST: url.hostname,
    PGPORT: url.port,
    PGUSER: decodeURIComponent(url.username),
    PGPASSWORD: decodeURIComponent(url.password),
    PGDATABASE: url.pathname.slice(1),
  };

  const apiLevel = async (concurrency, channel) => {
    const per = clients.map((_, i) => Math.floor(concurrency / clients.length) + (i < concurrency % clients.length ? 1 : 0));
    const pointParts = split(points, clients.length);
    await all(clients, 'received', { reset: true });
    const m = meter();
    const runs = await Promise.all(
      clients.map((c, i) =>
        per[i] === 0
          ? null
          : c.call('closedLoop', {
              spec: { kind: 'sighting', tokens, points: pointParts[i], channel },
              concurrency: per[i],
              durationMs: size.ingestSeconds * 1000,
              warmupMs: size.warmupSeconds * 1000,
            }),
      ),
    );
    await sleep(300); // exited backends' CPU reaches the postmaster
    const cpu = m();
    await all(clients, 'received', { reset: true });
    const done = runs.filter(Boolean);
    const latencies = done.flatMap((r) => r.latencies);
    const total = done.reduce((s, r) => s + r.total, 0);
    const errors = done.reduce((s, r) => s + r.errors, 0);
    return {
      concurrency,
      channel,
      perSecond: latencies.length / size.ingestSeconds,
      ...summary(latencies),
      errors,
      firstError: done.find((r) => r.firstError)?.firstError ?? null,
      total,
      cpu,
      apiCpuPerInsertUs: (cpu.api / total) * 1e6,
      pgCpuPerInsertUs: (cpu.pg / total) * 1e6,
    };
  };

  const levels = [];
  for (const concurrency of size.ingestLevels) {
    const level = await apiLevel(concurrency, 'sms');
    const { errors } = level;
    const threads = concurrency >= 2 ? 2 : 1;
    const pm = meter();
    const { stdout } = await exec(
      '/usr/bin/pgbench',
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        String(concurrency),
        '-j',
        String(threads),
        '-T',
        String(Math.ceil(size.ingestSeconds + size.warmupSeconds)),
        '-f',
        script,
      ],
      { env: pgEnv, maxBuffer: 1 << 20 },
    );
    await sleep(300);
    const pgbenchCpu = pm();
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? NaN);
    const pgbenchLatencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1] ?? NaN);
    level.pgbench = { tps, latencyMs: pgbenchLatencyMs, cpu: pgbenchCpu, pgCpuPerInsertUs: (pgbenchCpu.pg / (tps * pgbenchCpu.wall)) * 1e6 };
    level.ratio = level.perSecond / tps;
    levels.push(level);
    log(
      `c=${concurrency}: API ${Math.round(level.perSecond)} sightings/s (p50 ${level.p50.toFixed(1)} ms, p99 ${level.p99.toFixed(1)} ms${errors ? `, ${errors} errors: ${level.firstError}` : ''}), ` +
        `pgbench ${Math.round(tps)} inserts/s → ${(level.ratio * 100).toFixed(0)} %`,
    );
  }
  // Not judged: hotline calls, each also auto-dispatching verifiers (wave 1), at one concurrency.
  const hotline = await apiLevel(size.hotlineConcurrency, 'hotline-call');
  log(
    `hotline-call at c=${hotline.concurrency}: ${Math.round(hotline.perSecond)} sightings/s (p50 ${hotline.p50.toFixed(1)} ms, p99 ${hotline.p99.toFixed(1)} ms)`,
  );
  await stopEscalations(pg);

  const ok = levels.filter((l) => l.errors === 0);
  const best = (ok.length ? ok : levels).reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const pgbenchBest = levels.reduce((a, b) => (b.pgbench.tps > a.pgbench.tps ? b : a));
  return { levels, best, pgbenchBest, hotline };
}
