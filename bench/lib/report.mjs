// The result table (stdout and docs/PERFORMANCE.md). The full run owns the section between the
// `bench:full` markers, the smoke run the one between `bench:smoke`; the rest of the file (the analysis)
// is written by people and kept as it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fmt } from './stats.mjs';

const pct = (x) => `${fmt(x * 100, 1)} %`;
const us = (x) => `${fmt(x, 1)} µs`;
const ms = (x) => `${fmt(x, 2)} ms`;
const cores = (cpuSeconds, wall) => `${fmt((cpuSeconds / wall) * 100, 0)} %`;

/** One row per judged figure: { measurement, result, target, value, limit, better, pass, how }. */
export function buildRows(r, { smoke }) {
  const rows = [];
  const add = (measurement, result, target, value, limit, better, howOverride = null) => {
    const pass = Number.isFinite(value) && (better === 'lower' ? value <= limit : value >= limit);
    let how = howOverride ?? '';
    if (!pass && !howOverride && Number.isFinite(value)) {
      how =
        better === 'lower'
          ? `${fmt(value / limit, 2)}× the limit (${fmt((value / limit - 1) * 100, 0)} % over)`
          : `${fmt((value / limit) * 100, 0)} % of the target`;
    }
    rows.push({ measurement, result, target, value, limit, better, pass, how, verdict: smoke ? 'not judged' : pass ? 'pass' : 'MISS' });
  };
  // `--map` runs only the street map and load measurements (8, 9).
  if (!r.mapOnly) {
    const rp = r.reportToPing;
    add('1a Report → ping (responder socket) p50', ms(rp.ping.p50), '≤ 5 ms', rp.ping.p50, 5, 'lower');
    add('1a Report → ping (responder socket) p99', ms(rp.ping.p99), '≤ 25 ms', rp.ping.p99, 25, 'lower');
    add('1b Report → sighting.created (dispatcher socket) p50', ms(rp.created.p50), '≤ 5 ms', rp.created.p50, 5, 'lower');
    add('1b Report → sighting.created (dispatcher socket) p99', ms(rp.created.p99), '≤ 25 ms', rp.created.p99, 25, 'lower');
    const two = r.reportToPingTwo;
    if (two) {
      add('1c Report → ping, two API processes, p50', ms(two.ping.p50), '≤ 5 ms', two.ping.p50, 5, 'lower');
      add('1c Report → ping, two API processes, p99', ms(two.ping.p99), '≤ 25 ms', two.ping.p99, 25, 'lower');
    }
    const z = r.matching.zone;
    add('2a Zone match: ZoneIndex vs PostGIS ST_Covers', `${fmt(z.ratio, 1)}× (${us(z.memoryUs)} vs ${us(z.postgisUs)})`, '≥ 20×', z.ratio, 20, 'higher');
    const s = r.matching.selection;
    add(
      '2b Selection: in-memory wave 1 vs PostGIS KNN (k = 3)',
      `${fmt(s.ratio, 1)}× (${us(s.memorySelectUs)} vs ${us(s.knnUs)})`,
      '≥ 5×',
      s.ratio,
      5,
      'higher',
    );
    const f = r.fanout;
    add(`3a Fan-out: API CPU per delivered message (${f.sockets} sockets)`, us(f.perMessageUs), '≤ 15 µs', f.perMessageUs, 15, 'lower');
    add(
      '3b Fan-out efficiency vs plain ws (ws CPU/msg ÷ ours)',
      `${fmt(f.efficiency, 2)}× (ws ${us(f.ws.perMessageUs)})`,
      '≥ 0.5×',
      f.efficiency,
      0.5,
      'higher',
    );
    const m = r.memory;
    add(`4 API RSS per connected socket (${m.sockets} sockets)`, `${fmt(m.rssPerSocket / 1024, 1)} KB`, '≤ 40 KB', m.rssPerSocket / 1024, 40, 'lower');
    const l = r.locations;
    const lv = l.best?.perSecond ?? 0;
    const tightest = l.levels.reduce((a, b) => (b.p99 < a.p99 ? b : a));
    add(
      "5 Location updates/s over the responder's socket with p99 ≤ 5 ms",
      l.best
        ? `${fmt(lv, 0)}/s (c = ${l.best.concurrency}, p99 ${ms(l.best.p99)})`
        : `none: lowest p99 ${ms(tightest.p99)} (c = ${tightest.concurrency}, ${fmt(tightest.perSecond, 0)}/s); peak ${fmt(l.fastest.perSecond, 0)}/s`,
      '≥ 5,000/s',
      lv,
      5000,
      'higher',
      l.best
        ? null
        : `no concurrency kept p99 ≤ 5 ms (lowest p99 ${ms(tightest.p99)} at c = ${tightest.concurrency}); peak throughput ${fmt(l.fastest.perSecond, 0)}/s at any latency is ${fmt((l.fastest.perSecond / 5000) * 100, 0)} % of the target`,
    );
    const e = r.escalation;
    if (e) {
      add(
        '7a Escalation: latest wake-up while 10 dispatches/s arrive',
        `${ms(e.steady.lateness.max)} (p50 ${ms(e.steady.lateness.p50)}, ${e.steady.count} wake-ups)`,
        '≤ 2,000 ms',
        e.steady.lateness.max,
        2000,
        'lower',
      );
      add(
        '7b Escalation: wake-ups/s draining a burst',
        `${fmt(e.burst.perSecond, 0)}/s (${e.burst.count} due within ${fmt(e.burst.dueSpan, 1)} s)`,
        '≥ 50/s',
        e.burst.perSecond,
        50,
        'higher',
      );
    }
    const i = r.ingest;
    add(
      '6 Ingest: POST /api/sightings vs pgbench, same concurrency',
      `${pct(i.best.ratio)} (${fmt(i.best.perSecond, 0)} vs ${fmt(i.best.pgbench.tps, 0)}/s, c = ${i.best.concurrency})`,
      '≥ 40 %',
      i.best.ratio * 100,
      40,
      'higher',
    );
  }
  const mp = r.map;
  if (mp) {
    add(
      `8a Map import (${mp.counts.streets.toLocaleString('en-US')} streets, ${mp.written.streetSegments.toLocaleString('en-US')} segments, ${mp.counts.addresses.toLocaleString('en-US')} addresses)`,
      `${fmt(mp.importSeconds, 1)} s`,
      '≤ 120 s',
      mp.importSeconds,
      120,
      'lower',
    );
    add(
      `8b Address / corner / place search p95 (${mp.search.n} queries)`,
      `${ms(mp.search.p95)} (p50 ${ms(mp.search.p50)})`,
      '≤ 50 ms',
      mp.search.p95,
      50,
      'lower',
    );
    add(`8c Reverse geocoding p95 (${mp.reverse.n} points)`, `${ms(mp.reverse.p95)} (p50 ${ms(mp.reverse.p50)})`, '≤ 10 ms', mp.reverse.p95, 10, 'lower');
    add(
      `8d z14 vector tile p95, made by PostGIS (${mp.tileCold.n} tiles)`,
      `${ms(mp.tileCold.p95)} (p50 ${ms(mp.tileCold.p50)})`,
      '≤ 20 ms',
      mp.tileCold.p95,
      20,
      'lower',
    );
    add('8e z14 vector tile p95, from the cache', `${ms(mp.tileWarm.p95)} (p50 ${ms(mp.tileWarm.p50)})`, '≤ 20 ms', mp.tileWarm.p95, 20, 'lower');
  }
  const ld = r.load;
  if (ld) {
    add(
      `9a /dispatch cold load, transferred (median of ${ld.runs})`,
      `${fmt(ld.bytes / 2 ** 20, 2)} MB in ${ld.requests} requests`,
      '≤ 1.5 MB',
      ld.bytes / 2 ** 20,
      1.5,
      'lower',
    );
    add(
      `9b /dispatch cold load, map ready (median of ${ld.runs})`,
      `${fmt(ld.readyMs / 1000, 2)} s (map object loaded ${fmt(ld.loadedMs / 1000, 2)} s)`,
      '≤ 2 s',
      ld.readyMs / 1000,
      2,
      'lower',
    );
    add(`9c Sighting POST → dot drawn on an open /dispatch (median of ${ld.runs})`, ms(ld.drawnMs), '≤ 1 s', ld.drawnMs, 1000, 'lower');
  }
  return rows;
}

function table(rows) {
  const head = ['measurement', 'result', 'target', 'pass/miss'];
  const body = rows.map((r) => [r.measurement, r.result, r.target, r.verdict]);
  return { head, body };
}

export function printTable(rows) {
  const { head, body } = table(rows);
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((b) => b[k].length)));
  const line = (cells) => cells.map((c, k) => c.padEnd(widths[k])).join('  ');
  process.stdout.write(`\n${line(head)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}\n${body.map(line).join('\n')}\n`);
}

function markdownTable(head, body) {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((b) => `| ${b.join(' | ')} |`)].join('\n');
}

function header({ command, startedAt, info, results }) {
  const other = results?.otherLoadCores;
  return [
    `- Command: \`${command}\``,
    `- Date: ${startedAt
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC')}${results?.seconds ? ` (the run took ${fmt(results.seconds / 60, 1)} minutes, setup included)` : ''}`,
    `- Machine: ${info.cpu}, ${info.cores} cores, ${fmt(info.ramGiB, 1)} GiB RAM, Linux ${info.kernel}`,
    `- Software: Node ${info.node}, PostgreSQL ${info.postgres}, PostGIS ${info.postgis} (throwaway cluster: fsync, synchronous_commit and full_page_writes off, as in the tests)`,
    ...(other === undefined
      ? []
      : [
          `- Other load: processes the bench did not start used ${fmt(other * 100, 0)} % of one core on average during the measurements${other > 0.1 ? ' — **the machine was not quiet; the figures below are pessimistic**' : ''}`,
        ]),
  ].join('\n');
}

function details(r, size) {
  const out = [];
  if (!r.mapOnly) {
    const rp = r.reportToPing;
    const c = rp.cpu;
    const fl = rp.floor;
    out.push(
      `**1. Report → ping.** ${rp.reports.toLocaleString('en-US')} hotline-call sightings offered at ${rp.rate}/s for ${rp.seconds} s (open loop, ` +
        `from ${rp.pointCount} report points whose three wave-1 responders are connected; ${rp.failed} failed; incident grouping window 0 min, so each report opens its own incident and dispatch). ` +
        `${rp.completedInWindow.toLocaleString('en-US')} were answered within the ${rp.seconds} s window (${fmt(rp.completedInWindow / rp.seconds, 0)}/s); the last answer came ${fmt(rp.lastAnswerMs / 1000, 1)} s after the first request. ` +
        `Wave-1 pings observed: ${rp.pingsSeen.toLocaleString('en-US')} of ${rp.pingsExpected.toLocaleString('en-US')} expected` +
        `${rp.other ? ` (plus ${rp.other.toLocaleString('en-US')} later-wave pings of dispatches that escalated while the backlog drained, not counted)` : ''}. ` +
        `\`sighting.created\` deliveries: ${rp.created.n.toLocaleString('en-US')} of ${rp.createdExpected.toLocaleString('en-US')} (${size.cityWatchers} watcher sockets). ` +
        `Ping latency p50 ${ms(rp.ping.p50)}, p90 ${ms(rp.ping.p90)}, p99 ${ms(rp.ping.p99)}, max ${ms(rp.ping.max)}; ` +
        `sighting.created p50 ${ms(rp.created.p50)}, p90 ${ms(rp.created.p90)}, p99 ${ms(rp.created.p99)}; HTTP 201 response p50 ${ms(rp.http.p50)}, p99 ${ms(rp.http.p99)}. ` +
        `CPU from the first request to the last message: API ${cores(c.api, c.wall)} of one core (${us((c.api / rp.reports) * 1e6)} per report), PostgreSQL ${cores(c.pg, c.wall)} ` +
        `(${us((c.pg / rp.reports) * 1e6)} per report), client processes ${cores(c.clients, c.wall)}, whole machine ${pct(c.machineBusy / c.machineTotal)} busy, other processes ${pct(c.foreign)} of a core.` +
        `\n\nUnloaded (not judged; ${fl.rate}/s for ${fl.seconds} s just before): ping p50 ${ms(fl.ping.p50)}, p90 ${ms(fl.ping.p90)}, p99 ${ms(fl.ping.p99)}; ` +
        `sighting.created p50 ${ms(fl.created.p50)}, p99 ${ms(fl.created.p99)}; HTTP response p50 ${ms(fl.http.p50)}; ` +
        `API CPU ${us((fl.cpu.api / fl.reports) * 1e6)} and PostgreSQL CPU ${us((fl.cpu.pg / fl.reports) * 1e6)} per report (idle background included).`,
    );
    const two = r.reportToPingTwo;
    if (two) {
      const c2 = two.cpu;
      out.push(
        `**1c. The same with two API processes** on the one database (a second API started for it; the second client process posts to it and ` +
          `its half of the sockets — responders and watchers alike — connect to it, so about half the pings and \`sighting.created\` messages ` +
          `cross processes through the PostgreSQL socket.io adapter): ${two.reports.toLocaleString('en-US')} reports at ${two.rate}/s for ${two.seconds} s, ` +
          `${two.failed} failed; ${two.completedInWindow.toLocaleString('en-US')} answered within the window; wave-1 pings ${two.pingsSeen.toLocaleString('en-US')} of ` +
          `${two.pingsExpected.toLocaleString('en-US')}; \`sighting.created\` ${two.created.n.toLocaleString('en-US')} of ${two.createdExpected.toLocaleString('en-US')}. ` +
          `Ping p50 ${ms(two.ping.p50)}, p99 ${ms(two.ping.p99)}; sighting.created p50 ${ms(two.created.p50)}, p99 ${ms(two.created.p99)}. ` +
          `CPU: both APIs ${cores(c2.api, c2.wall)} of one core (${us((c2.api / two.reports) * 1e6)} per report), PostgreSQL ${cores(c2.pg, c2.wall)} ` +
          `(${us((c2.pg / two.reports) * 1e6)} per report). Unloaded (${two.floor.rate}/s): ping p50 ${ms(two.floor.ping.p50)}, p99 ${ms(two.floor.ping.p99)}; ` +
          `API CPU ${us((two.floor.cpu.api / two.floor.reports) * 1e6)} per report.`,
      );
    }
    const z = r.matching.zone;
    const s = r.matching.selection;
    out.push(
      `**2. Matching.** Zone match over ${z.points.toLocaleString('en-US')} points (half inside a zone): ZoneIndex ${us(z.memoryUs)} per point, ` +
        `\`ST_Covers\` query ${us(z.postgisUs)} per point over one warm connection (prepared; a bare \`SELECT 1\` round trip costs ${us(z.selectOneUs)}; ` +
        `server-side execution of one query ${ms(z.serverMs)}). The two disagreed on ${z.disagreements} of ${z.checked} points checked. ` +
        `Selection over ${s.points.toLocaleString('en-US')} random points: the API's CandidatePools wave 1 + selectForNeeds ${us(s.memorySelectUs)} ` +
        `(median ${s.medianNear} live locations within the 7-minute reach, ${fmt(s.meanSelected, 2)} selected on average) vs KNN \`ORDER BY geom <-> point LIMIT 3\` ` +
        `over the same ${s.located.toLocaleString('en-US')} points with a GiST index ${us(s.knnUs)}.`,
    );
    const f = r.fanout;
    out.push(
      `**3. Fan-out.** ${f.requests} location moves (${f.rate}/s for ${f.seconds} s) to ${f.sockets} watcher sockets: ` +
        `${f.delivered.toLocaleString('en-US')} of ${f.expected.toLocaleString('en-US')} moves received, in ${(f.frames ?? f.delivered).toLocaleString('en-US')} \`responders.moved\` messages. API CPU ${fmt(f.loud.api * 1000, 0)} ms with the sockets, ` +
        `${fmt(f.quiet.api * 1000, 0)} ms for the same requests with none (${us(f.httpPerRequestUs)} per HTTP request) → ${us(f.perMessageUs)} per message ` +
        `(${us(f.rawPerMessageUs)} without subtracting the HTTP part). Plain ws: ${f.ws.delivered.toLocaleString('en-US')} messages to ${f.ws.sockets} clients, ` +
        `${fmt(f.ws.busy * 1000, 0)} ms CPU minus ${fmt(f.ws.idle * 1000, 0)} ms idle → ${us(f.ws.perMessageUs)} per message. Frame: ${f.payloadBytes} bytes. ` +
        `Other processes used ${pct(f.loud.foreign)} of a core during the socket.io run, ${pct(f.ws.foreign ?? NaN)} during the ws run.`,
    );
    const m = r.memory;
    if (r.idle) {
      out.push(
        `**Idle background** (sockets connected, no requests, ${size.idleSeconds} s): API ${pct(r.idle.apiPerSecond)} of a core, PostgreSQL ${pct(r.idle.pgPerSecond)}, ` +
          `machine ${pct(r.idle.machineBusy)} busy — included in the per-request CPU figures below, which are totals over a run divided by its requests.`,
      );
    }
    out.push(
      `**4. Memory.** ${m.sockets} sockets (${m.responders} responder phones, ${m.watchers} watcher screens) connected in ${fmt(m.connectSeconds, 1)} s. ` +
        `API RSS ${fmt(m.before.rss / 2 ** 20, 1)} → ${fmt(m.after.rss / 2 ** 20, 1)} MiB after forced GCs; JS heap used ` +
        `${fmt(m.before.heapUsed / 2 ** 20, 1)} → ${fmt(m.after.heapUsed / 2 ** 20, 1)} MiB (${fmt(m.heapPerSocket / 1024, 1)} KB per socket).`,
    );
    const l = r.locations;
    const levelRow = (v) => [
      String(v.concurrency),
      fmt(v.perSecond, 0),
      ms(v.p50),
      ms(v.p99),
      String(v.errors),
      us(v.serverCpuPerRequestUs),
      cores(v.cpu.api, v.cpu.wall),
      us(v.clientCpuPerRequestUs),
      cores(v.cpu.clients, v.cpu.wall),
      pct(v.cpu.foreign),
    ];
    const levelHead = [
      'concurrency',
      'requests/s',
      'p50',
      'p99',
      'errors',
      'server CPU / request',
      'API CPU',
      'client CPU / request',
      'clients CPU',
      'other load',
    ];
    out.push(
      `**5. Location updates** over the responder's socket (the \`location\` message and its ack, as the app sends them; closed loop, a socket per responder; the ${l.watchers} watcher sockets receive every move (\`responders.moved\`, batched at most every 50 ms) and \`responder.zone\`):\n\n` +
        markdownTable(
          [...levelHead, 'zone crossings'],
          l.levels.map((v) => [...levelRow(v), (v.crossings / l.watchers).toLocaleString('en-US')]),
        ) +
        (l.http
          ? `\n\nThe same over HTTP (\`PUT /api/responders/me/location\`, the app's fallback while its socket is down; not judged):\n\n${markdownTable(
              [...levelHead, 'zone crossings'],
              l.http.levels.map((v) => [...levelRow(v), (v.crossings / l.watchers).toLocaleString('en-US')]),
            )}`
          : '') +
        (l.quiet ? `\n\nThe same updates over HTTP with no socket connected (not judged):\n\n${markdownTable(levelHead, l.quiet.map(levelRow))}` : '') +
        (l.floor
          ? `\n\nHTTP floor (not judged): a bare \`node:http\` server answering the same requests from the same clients; "server CPU" is its CPU:\n\n${markdownTable(levelHead, l.floor.map(levelRow))}`
          : ''),
    );
    const i = r.ingest;
    out.push(
      `**6. Ingest** (closed loop, channel \`sms\`: stored, zone-matched, broadcast to ${size.cityWatchers} watchers, no dispatch; pgbench \`-M prepared\` single-row inserts with a PostGIS point into a copy of \`sightings\` with its indexes):\n\n` +
        markdownTable(
          [
            'concurrency',
            'API sightings/s',
            'p50',
            'p99',
            'pgbench inserts/s',
            'ratio',
            'API CPU / sighting',
            'PostgreSQL CPU / sighting',
            'PostgreSQL CPU / pgbench insert',
            'clients CPU',
            'other load',
          ],
          i.levels.map((v) => [
            String(v.concurrency),
            fmt(v.perSecond, 0),
            ms(v.p50),
            ms(v.p99),
            fmt(v.pgbench.tps, 0),
            pct(v.ratio),
            us(v.apiCpuPerInsertUs),
            us(v.pgCpuPerInsertUs),
            us(v.pgbench.pgCpuPerInsertUs),
            cores(v.cpu.clients, v.cpu.wall),
            pct((v.cpu.foreign + v.pgbench.cpu.foreign) / 2),
          ]),
        ) +
        `\n\nNot judged: hotline-call sightings (each also auto-dispatching two verifiers: wave 1 pings three) at c = ${i.hotline.concurrency}: ` +
        `${fmt(i.hotline.perSecond, 0)}/s, p50 ${ms(i.hotline.p50)}, p99 ${ms(i.hotline.p99)}, API CPU ${us(i.hotline.apiCpuPerInsertUs)} and PostgreSQL CPU ${us(i.hotline.pgCpuPerInsertUs)} per sighting.`,
    );
  }
  const mp = r.map;
  if (mp) {
    out.push(
      `**8. Street map.** A generated grid city (\`bench/phases/map.mjs\`): ${mp.written.streetSegments.toLocaleString('en-US')} street segments, ` +
        `${mp.written.addresses.toLocaleString('en-US')} address points (one block side as an interpolation line), ${mp.written.places.toLocaleString('en-US')} places, ` +
        `buildings in the centre, a river with bridges; ${fmt(mp.fileBytes / 1e6, 0)} MB of OSM XML. \`npm run cli -- map:import\` (osm2pgsql flex into a staging schema, ` +
        `derived streets, intersections and search tables, one-transaction swap) took ${fmt(mp.importSeconds, 1)} s wall including the CLI's start, giving ` +
        `${mp.counts.streets.toLocaleString('en-US')} streets, ${mp.counts.intersections.toLocaleString('en-US')} intersections, ${mp.counts.addresses.toLocaleString('en-US')} addresses. ` +
        `Then, one request at a time through the running API (which switched to the map on NOTIFY): ${mp.search.n} searches mixing corners ("Oak & 12th"), ` +
        `typos with Spanish connectors ("oa y 12"), house numbers, "laundromat on 12th" and place names — p50 ${ms(mp.search.p50)}, p95 ${ms(mp.search.p95)}, ` +
        `p99 ${ms(mp.search.p99)} (${mp.emptySearches} found nothing); ${mp.reverse.n} reverse lookups at random points — p50 ${ms(mp.reverse.p50)}, p95 ${ms(mp.reverse.p95)}; ` +
        `${mp.tileCold.n} z14 tiles over the city, first request (PostGIS \`ST_AsMVT\`) p50 ${ms(mp.tileCold.p50)}, p95 ${ms(mp.tileCold.p95)}, max ${ms(mp.tileCold.max)}, ` +
        `${fmt(mp.tileCold.kb, 1)} KB gzipped on average; again from the process's cache p50 ${ms(mp.tileWarm.p50)}, p95 ${ms(mp.tileWarm.p95)}. ` +
        `Sample queries: ${mp.sampleQueries.map((q) => `"${q}"`).join(', ')}.`,
    );
  }
  const ld = r.load;
  if (ld) {
    out.push(
      `**9. /dispatch cold load** (\`bench/phases/load.mjs\`): Chromium through Playwright, a fresh browser context per run (empty cache), a dispatcher's ` +
        `session already stored, on the demo network with its town map. Median of ${ld.runs}: ${fmt(ld.bytes / 1024, 0)} KB transferred (encoded bytes on the wire, ` +
        `brotli where the browser accepts it) in ${ld.requests} requests; the MapLibre map loaded after ${fmt(ld.loadedMs, 0)} ms and was ready — style, ` +
        `visible tiles, glyphs and layers drawn (its first \`idle\`) — after ${fmt(ld.readyMs, 0)} ms from navigation. On that map at rest, a sighting POSTed at its centre was drawn ` +
        `${fmt(ld.drawnMs, 0)} ms after the request left (median; from just before the POST to the MapLibre frame that shows the dot).`,
    );
  }
  return out.join('\n\n');
}

function profiles(r) {
  const out = [];
  const names = Object.keys(r.profiles ?? {});
  if (names.length) {
    out.push(`**CPU profiles of the API** (\`--profile\`, sampling; self time by component):`);
    for (const name of names) {
      const p = r.profiles[name].summary;
      const q = r.profiles[name].sql;
      out.push(
        `*${name}* (${fmt(p.totalMs / 1000, 1)} s sampled, ${pct(1 - p.idleShare)} busy):\n\n` +
          markdownTable(
            ['component (self time)', 'share of busy'],
            p.categories.slice(0, 12).map((c) => [c.name, pct(c.share)]),
          ) +
          '\n\n' +
          markdownTable(
            ['function (inclusive)', 'share of busy'],
            p.inclusive.slice(0, 12).map((c) => [`\`${c.name}\``, pct(c.share)]),
          ) +
          (q
            ? `\n\nSQL (pg_stat_statements): ${q.calls.toLocaleString('en-US')} statements, ${fmt(q.ms / 1000, 2)} s execution and ${fmt((q.planMs ?? 0) / 1000, 2)} s planning time in the server.\n\n` +
              markdownTable(
                ['statement', 'calls', 'mean execution', 'mean planning', 'total execution'],
                q.top
                  .slice(0, 8)
                  .map((t) => [`\`${t.query.replace(/\|/g, '\\|')}\``, t.calls.toLocaleString('en-US'), ms(t.meanMs), ms(t.planMeanMs ?? NaN), ms(t.ms)]),
              )
            : ''),
      );
    }
  }
  return out.join('\n\n');
}

function section(ctx) {
  const { rows, results, smoke, profile, size } = ctx;
  const { head, body } = table(rows);
  const parts = [header(ctx), '', markdownTable(head, body)];
  if (profile) {
    parts.push('', 'Profiling slows the API down: these figures are for the breakdowns below, not for judging.', '', profiles(results));
  } else if (!smoke) {
    const misses = rows.filter((r) => !r.pass);
    parts.push(
      '',
      misses.length
        ? `Missed: ${misses.map((r) => `${r.measurement.split(' ')[0]} ${r.result} against ${r.target} — ${r.how}`).join('; ')}.`
        : 'Every target met.',
    );
    parts.push('', details(results, size));
  }
  return parts.join('\n');
}

const SKELETON = `# Performance

Measured by \`npm run bench\` (bench/): a synthetic city against the real API and PostGIS. The section between the
\`bench:full\` markers is rewritten by every full run; the one between \`bench:smoke\` by every smoke run.

## Latest full run

<!-- bench:full:begin -->
<!-- bench:full:end -->

## Latest profiled run (\`npm run bench -- --profile\`; slowed by profiling, for the breakdowns)

<!-- bench:profile:begin -->
<!-- bench:profile:end -->

## Latest smoke run (tiny; not judged)

<!-- bench:smoke:begin -->
<!-- bench:smoke:end -->
`;

export function writeDoc(file, ctx) {
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : SKELETON;
  const key = ctx.smoke ? 'smoke' : ctx.profile ? 'profile' : ctx.results.mapOnly ? 'map' : 'full';
  const begin = `<!-- bench:${key}:begin -->`;
  const end = `<!-- bench:${key}:end -->`;
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  const body = `${begin}\n${section(ctx)}\n${end}`;
  const next = a >= 0 && b > a ? doc.slice(0, a) + body + doc.slice(b + end.length) : `${doc.trimEnd()}\n\n${body}\n`;
  writeFileSync(file, next);
}
