// The metrics benchmark: a generated year of a busy network (≥ 200,000 sightings), the real API on a
// throwaway PostGIS, and the metrics page's requests timed many times each. Run by bench/run.mjs after the
// dispatch measurements, or alone with `npm run bench -- --metrics` (add --smoke for a tiny version).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import pg from 'pg';
import { ApiProcess } from './lib/api.mjs';
import { machine } from './lib/proc.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = { full: { incidents: 160_000, rounds: 40 }, smoke: { incidents: 3_000, rounds: 3 } };
const TARGET_MS = 200;
const log = (m) => process.stdout.write(`  · ${m}\n`);
const pct = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** A year of a busy network in bulk SQL: 20 zones, 300 responders, incidents with 1–3 sightings, dispatches, pings, answers. */
export async function generateYear(db, incidents, endsAt) {
  await db.query(`INSERT INTO zones (name, area)
    SELECT format('Zone %s', lpad(g::text, 2, '0')), ST_Multi(ST_MakeEnvelope(-87.8 + (g % 5) * 0.04, 41.8 + (g / 5) * 0.04, -87.76 + (g % 5) * 0.04, 41.84 + (g / 5) * 0.04, 4326))
      FROM generate_series(0, 19) g`);
  await db.query(`INSERT INTO users (username, password_hash, role) SELECT format('bench-responder-%s', g), 'x', 'responder' FROM generate_series(1, 300) g`);
  await db.query(
    `INSERT INTO responders (user_id, alias) SELECT id, format('Alias %s', substr(username, 17)) FROM users WHERE username LIKE 'bench-responder-%'`,
  );
  await db.query(`CREATE TEMP TABLE z AS SELECT row_number() OVER (ORDER BY name) - 1 AS n, id FROM zones WHERE name LIKE 'Zone __'`);
  await db.query(
    `CREATE TEMP TABLE r AS SELECT row_number() OVER (ORDER BY r.id) - 1 AS n, r.id FROM responders r JOIN users u ON u.id = r.user_id WHERE u.username LIKE 'bench-responder-%'`,
  );
  // Incident times cluster in the peak windows (6–9, 17–21 local) like real calls, over 365 days.
  await db.query(
    `CREATE TEMP TABLE gen AS
     SELECT g, gen_random_uuid() AS id,
            $2::timestamptz - interval '365 days' + (g::float8 / $1) * interval '365 days'
              + CASE WHEN g % 3 = 0 THEN interval '0' ELSE (((g * 7) % 24) - 12) * interval '1 minute' END AS at,
            (g % 20) AS zone, (g % 10) AS kind
       FROM generate_series(1, $1) g`,
    [incidents, endsAt],
  );
  await db.query(`INSERT INTO incidents (id, status, location, opened_at, last_observed_at, expired_at, resolved_at)
    SELECT id, CASE WHEN kind < 2 THEN 'resolved' WHEN kind < 4 THEN 'false_alarm' WHEN kind < 6 THEN 'other_agency' WHEN kind < 7 THEN 'unverifiable' ELSE 'reported' END,
           ST_SetSRID(ST_MakePoint(-87.78 + (zone % 5) * 0.04, 41.82 + (zone / 5) * 0.04), 4326), at, at,
           CASE WHEN kind >= 2 THEN at + interval '4 hours' END, CASE WHEN kind < 2 THEN at + interval '2 hours' END
      FROM gen`);
  await db.query(`INSERT INTO incident_log (incident_id, at, actor, kind, detail)
    SELECT id, at + interval '2 hours', 'bench', 'status', '{"from":"confirmed","to":"resolved","reason":"done"}' FROM gen WHERE kind < 2`);
  // 1, 2 or 3 sightings per incident (≈ 1.4 on average), across channels.
  await db.query(`INSERT INTO sightings (incident_id, location, observed_at, reported_at, channel, zone_ids, activity)
    SELECT gen.id, ST_SetSRID(ST_MakePoint(-87.78 + (zone % 5) * 0.04, 41.82 + (zone / 5) * 0.04), 4326), at + s * interval '4 minutes' - interval '2 minutes',
           at + s * interval '4 minutes', (ARRAY['hotline-call', 'hotline-call', 'sms', 'web', 'responder'])[1 + (g + s) % 5], ARRAY[z.id], 'surveilling'
      FROM gen JOIN z ON z.n = gen.zone, generate_series(0, 2) s
     WHERE s = 0 OR (s = 1 AND g % 3 = 0) OR (s = 2 AND g % 10 = 0)`);
  // Two thirds are dispatched: 3 pings each; answers at realistic delays.
  await db.query(`CREATE TEMP TABLE d AS SELECT gen.*, gen_random_uuid() AS dispatch_id FROM gen WHERE g % 3 <> 0`);
  await db.query(`INSERT INTO dispatches (id, incident_id, sighting_id, needs, status, wave, wave_started_at, window_ends_at, created_at)
    SELECT dispatch_id, d.id, (SELECT s.id FROM sightings s WHERE s.incident_id = d.id LIMIT 1), '[{"capability":"verifier","count":2}]', 'filled', 1,
           at + interval '20 seconds', at + interval '5 minutes', at + interval '20 seconds' FROM d`);
  await db.query(`CREATE TEMP TABLE p AS
    SELECT gen_random_uuid() AS id, d.dispatch_id, d.id AS incident_id, r.id AS responder_id, d.at + interval '20 seconds' AS created_at, (d.g + k) % 4 AS answer, d.g, k
      FROM d, generate_series(0, 2) k JOIN r ON true WHERE r.n = (d.g * 7 + k * 101) % 300`);
  await db.query(`INSERT INTO pings (id, dispatch_id, sighting_id, responder_id, capability, status, created_at, responded_at)
    SELECT p.id, p.dispatch_id, (SELECT s.id FROM sightings s WHERE s.incident_id = p.incident_id LIMIT 1), p.responder_id, 'verifier',
           (ARRAY['on_scene', 'declined', 'pending', 'accepted'])[1 + answer], created_at,
           CASE WHEN answer <> 2 THEN created_at + (30 + (g % 90)) * interval '1 second' + CASE WHEN answer = 0 THEN (120 + (g % 400)) * interval '1 second' ELSE interval '0' END END
      FROM p`);
  await db.query(`INSERT INTO ping_answers (ping_id, status, answered_at)
    SELECT id, CASE WHEN answer = 1 THEN 'declined' ELSE 'accepted' END, created_at + (30 + (g % 90)) * interval '1 second' FROM p WHERE answer IN (0, 1, 3)
    UNION ALL
    SELECT id, 'on_scene', created_at + (150 + (g % 90) + (g % 400)) * interval '1 second' FROM p WHERE answer = 0`);
  await db.query('ANALYZE');
  const counts = (
    await db.query(`SELECT (SELECT count(*) FROM sightings)::int AS sightings, (SELECT count(*) FROM incidents)::int AS incidents,
      (SELECT count(*) FROM dispatches)::int AS dispatches, (SELECT count(*) FROM pings)::int AS pings, (SELECT count(*) FROM ping_answers)::int AS answers`)
  ).rows[0];
  const zones = (await db.query('SELECT id FROM zones ORDER BY name')).rows.map((r) => r.id);
  return { counts, zones };
}

async function timed(url, token, rounds) {
  const ms = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    ms.push(performance.now() - start);
  }
  return { p50: pct(ms, 50), p95: pct(ms, 95), max: Math.max(...ms), n: ms.length };
}

export async function runMetricsBench(argv) {
  const smoke = argv.includes('--smoke');
  const size = smoke ? SIZES.smoke : SIZES.full;
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const { EmbeddedPostgres } = await import(path.join(ROOT, 'apps/api/dist/database/embedded-postgres.js'));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'centinela-bench-metrics-'));
  chmodSync(tmp, 0o755);
  let cluster;
  let api;
  let db;
  try {
    log('metrics: starting a throwaway PostGIS cluster');
    cluster = await EmbeddedPostgres.start({ dataDir: path.join(tmp, 'pg'), database: 'centinela', durable: false });
    const dataDir = path.join(tmp, 'data');
    mkdirSync(dataDir, { recursive: true });
    const jwtSecret = randomBytes(48).toString('base64url');
    const options = { root: ROOT, databaseUrl: cluster.url, jwtSecret, dataDir, env: { NETWORK_TIME_ZONE: 'America/Chicago' } };
    api = await ApiProcess.start(options); // migrations
    await api.stop();
    api = null;
    db = new pg.Client({ connectionString: cluster.url });
    db.on('error', () => undefined);
    await db.connect();
    const endsAt = new Date();
    log(`metrics: generating a year of ${size.incidents.toLocaleString('en-US')} incidents`);
    const genStart = performance.now();
    const { counts, zones } = await generateYear(db, size.incidents, endsAt);
    log(
      `metrics: ${counts.sightings.toLocaleString('en-US')} sightings, ${counts.pings.toLocaleString('en-US')} pings in ${((performance.now() - genStart) / 1000).toFixed(1)} s`,
    );
    const coordinator = (await db.query(`INSERT INTO users (username, password_hash, role) VALUES ('bench-coordinator', 'x', 'coordinator') RETURNING id`))
      .rows[0].id;

    log('metrics: starting the API; its first refresh fills the facts of the whole year');
    const refreshStart = performance.now();
    api = await ApiProcess.start(options);
    const key = new TextEncoder().encode(jwtSecret);
    const token = await new SignJWT({ role: 'coordinator', name: 'bench-coordinator', rid: null, sat: Date.now() })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(coordinator)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + 3600)
      .sign(key);
    for (;;) {
      const res = await fetch(`${api.url}/api/metrics`, { headers: { authorization: `Bearer ${token}` } });
      if ((await res.json()).refreshedAt) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const backfillSeconds = (performance.now() - refreshStart) / 1000;
    const facts = (await db.query('SELECT count(*)::int AS n FROM incident_facts')).rows[0].n;
    log(`metrics: ${facts.toLocaleString('en-US')} incidents' facts in ${backfillSeconds.toFixed(1)} s`);

    const local = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(d);
    const yearFrom = local(new Date(endsAt.getTime() - 364 * 86_400_000));
    const to = local(endsAt);
    const monthFrom = local(new Date(endsAt.getTime() - 29 * 86_400_000));
    const busyDay = local(new Date(endsAt.getTime() - 100 * 86_400_000));
    const cases = [
      ['metrics page, the whole year', `/api/metrics?from=${yearFrom}&to=${to}`],
      ['metrics page, the whole year, one zone', `/api/metrics?from=${yearFrom}&to=${to}&zoneId=${zones[3]}`],
      ['metrics page, last 30 days (the default)', `/api/metrics`],
      ['metrics page, last 30 days, one zone', `/api/metrics?from=${monthFrom}&to=${to}&zoneId=${zones[7]}`],
      ['daily log of one day (JSON)', `/api/metrics/daily-log?date=${busyDay}`],
      ['daily log of one day (CSV)', `/api/metrics/daily-log.csv?date=${busyDay}`],
    ];
    const rows = [];
    for (const [name, url] of cases) {
      await timed(api.url + url, token, 2); // warm
      const r = await timed(api.url + url, token, size.rounds);
      rows.push({ name, ...r });
      log(`metrics: ${name}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`);
    }
    // Each of the page's queries alone, on one connection without JIT (as the API runs them), for the whole year.
    const { MetricsRepository } = await import(path.join(ROOT, 'apps/api/dist/metrics/metrics.repository.js'));
    const repository = new MetricsRepository();
    const sqlRows = [];
    for (const query of ['summary', 'hourOfWeek', 'coverage', 'weekly', 'responders']) {
      const ms = [];
      for (let i = 0; i < size.rounds + 2; i++) {
        await db.query('BEGIN');
        await db.query('SET LOCAL jit = off');
        const start = performance.now();
        await repository[query]({ query: async (text, params) => (await db.query(text, params)).rows }, { from: yearFrom, to, zoneId: null });
        if (i >= 2) ms.push(performance.now() - start);
        await db.query('COMMIT');
      }
      sqlRows.push({ name: query, p50: pct(ms, 50), p95: pct(ms, 95), max: Math.max(...ms), n: ms.length });
      log(`metrics: query ${query} (whole year): p50 ${pct(ms, 50).toFixed(1)} ms, p95 ${pct(ms, 95).toFixed(1)} ms`);
    }
    const result = {
      command,
      smoke,
      counts,
      facts,
      backfillSeconds,
      rows,
      sqlRows,
      load: [loadAtStart, os.loadavg()[0]],
      seconds: (Date.now() - started) / 1000,
      info: machine(),
      date: new Date(started),
    };
    writeSection(result);
    printRows(result);
    return 0;
  } finally {
    await db?.end().catch(() => undefined);
    await api?.stop().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
}

function printRows({ rows, smoke }) {
  process.stdout.write(`\n| metrics request | p50 | p95 | target p95 | pass/miss |\n|---|---|---|---|---|\n`);
  for (const r of rows) {
    const judged = !smoke && r.name.startsWith('metrics page');
    process.stdout.write(
      `| ${r.name} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${judged ? `≤ ${TARGET_MS} ms` : '—'} | ${judged ? (r.p95 <= TARGET_MS ? 'pass' : 'MISS') : '—'} |\n`,
    );
  }
}

/** Rewrites the metrics section of docs/PERFORMANCE.md (full and smoke runs each have their own markers). */
function writeSection(r) {
  const file = path.join(ROOT, 'docs/PERFORMANCE.md');
  const tag = r.smoke ? 'bench:metrics-smoke' : 'bench:metrics-full';
  const lines = [
    `- Command: \`${r.command}\``,
    `- Date: ${r.date.toISOString().replace('T', ' ').slice(0, 19)} UTC (${r.seconds.toFixed(0)} s, generation included)`,
    `- Machine: ${r.info.cpu}, ${r.info.cores} cores, ${r.info.ramGiB.toFixed(0)} GiB RAM, Node ${r.info.node}, Linux ${r.info.kernel}`,
    `- Machine load (1-minute load average, 2 cores): ${r.load[0].toFixed(1)} at the start, ${r.load[1].toFixed(1)} at the end${r.load[0] > 2 || r.load[1] > 2 ? ' — the machine was shared with other work; every figure is slower than on a quiet machine' : ''}`,
    `- Data: a generated year of ${r.counts.incidents.toLocaleString('en-US')} incidents, ${r.counts.sightings.toLocaleString('en-US')} sightings, ${r.counts.dispatches.toLocaleString('en-US')} dispatches, ${r.counts.pings.toLocaleString('en-US')} pings, ${r.counts.answers.toLocaleString('en-US')} answers; the first refresh computed ${r.facts.toLocaleString('en-US')} incidents' facts in ${r.backfillSeconds.toFixed(1)} s`,
    '',
    '| request (through HTTP, the real API) | p50 | p95 | max | runs | target p95 | pass/miss |',
    '|---|---|---|---|---|---|---|',
    ...r.rows.map((x) => {
      const judged = !r.smoke && x.name.startsWith('metrics page');
      return `| ${x.name} | ${x.p50.toFixed(1)} ms | ${x.p95.toFixed(1)} ms | ${x.max.toFixed(1)} ms | ${x.n} | ${judged ? `≤ ${TARGET_MS} ms` : '—'} | ${judged ? (x.p95 <= TARGET_MS ? 'pass' : 'MISS') : '—'} |`;
    }),
    '',
    "The page's queries one by one over the whole year (SQL on one connection, no JIT, as the API runs them side by side):",
    '',
    '| query | p50 | p95 | max | runs |',
    '|---|---|---|---|---|',
    ...r.sqlRows.map((x) => `| ${x.name} | ${x.p50.toFixed(1)} ms | ${x.p95.toFixed(1)} ms | ${x.max.toFixed(1)} ms | ${x.n} |`),
  ].join('\n');
  let doc = readFileSync(file, 'utf8');
  const begin = `<!-- ${tag}:begin -->`;
  const end = `<!-- ${tag}:end -->`;
  if (!doc.includes(begin)) doc += `\n## The network's numbers (${r.smoke ? 'smoke' : 'full'} run)\n\n${begin}\n${end}\n`;
  doc = doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), `${begin}\n${lines}\n${end}`);
  writeFileSync(file, doc);
}
