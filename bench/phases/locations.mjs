// Measurement 5: location updates (with zone enter/exit detection: each update is matched against the zone
// index, and crossings become `responder.zone` messages; every update is a move in a `responders.moved` batch to the map
// watchers). Judged over the responder's socket (the `location` message, answered by an ack), which is how the
// app sends them while connected; then the same over PUT /api/responders/me/location (the app's fallback while
// its socket is down). Closed loop at increasing concurrency from the client processes, each responder on a
// socket of its own; each located responder wanders around home in ~30 m steps, so some updates cross zone
// edges. Result: the highest sustained updates/s whose p99 latency is ≤ 5 ms.
//
// Not judged, for the analysis: the same updates with no socket connected (what the watchers' messages cost),
// and the HTTP floor — a bare node:http server answering the same requests from the same clients.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { all, ClientProcess, split } from '../lib/clients.mjs';
import { cpuSeconds } from '../lib/proc.mjs';
import { summary } from '../lib/stats.mjs';

export const LOCATION_P99_MS = 5;
const HERE = path.dirname(fileURLToPath(import.meta.url));

const ridersOf = (city) => city.responders.filter((r) => r.located && r.onDuty).map((r) => ({ token: r.token, position: r.position }));

/** One closed-loop level of location updates, `concurrency` spread over the client processes. */
async function level({ clients, shares, concurrency, size, meter, url = null, serverPid = null, via = 'http' }) {
  const per = clients.map((_, i) => Math.floor(concurrency / clients.length) + (i < concurrency % clients.length ? 1 : 0));
  await all(clients, 'received', { reset: true });
  const m = meter();
  const serverCpu0 = serverPid ? cpuSeconds(serverPid) : 0;
  const runs = await Promise.all(
    clients.map((c, i) =>
      per[i] === 0
        ? null
        : c.call('closedLoop', {
            spec: { kind: 'location', responders: shares[i], via },
            concurrency: per[i],
            durationMs: size.locationSeconds * 1000,
            warmupMs: size.warmupSeconds * 1000,
            url,
          }),
    ),
  );
  const cpu = m();
  const serverCpu = serverPid ? cpuSeconds(serverPid) - serverCpu0 : cpu.api;
  const got = await all(clients, 'received', { reset: true });
  const done = runs.filter(Boolean);
  const latencies = done.flatMap((r) => r.latencies);
  const total = done.reduce((s, r) => s + r.total, 0);
  const errors = done.reduce((s, r) => s + r.errors, 0);
  return {
    concurrency,
    perSecond: latencies.length / size.locationSeconds,
    ...summary(latencies),
    errors,
    firstError: done.find((r) => r.firstError)?.firstError ?? null,
    total,
    moved: got.reduce((a, r) => a + r.moved, 0),
    crossings: got.reduce((a, r) => a + r.zone, 0),
    cpu,
    serverCpuPerRequestUs: (serverCpu / total) * 1e6,
    clientCpuPerRequestUs: (cpu.clients / total) * 1e6,
  };
}

const describe = (l) =>
  `c=${l.concurrency}: ${Math.round(l.perSecond)}/s, p50 ${l.p50.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms` +
  `${l.errors ? `, ${l.errors} errors (${l.firstError})` : ''}; server ${Math.round(l.serverCpuPerRequestUs)} µs CPU/request, clients ${Math.round(l.clientCpuPerRequestUs)} µs`;

export async function measureLocations({ clients, city, size, meter, log, viaHttp = true }) {
  const shares = split(ridersOf(city), clients.length);
  const run = async (via) => {
    const levels = [];
    for (const concurrency of size.locationLevels) {
      const l = await level({ clients, shares, concurrency, size, meter, via });
      levels.push(l);
      log(`${via === 'socket' ? 'over the socket' : 'over HTTP'}, ${describe(l)}`);
    }
    const ok = levels.filter((l) => l.p99 <= LOCATION_P99_MS && l.errors === 0);
    const best = ok.length ? ok.reduce((a, b) => (b.perSecond > a.perSecond ? b : a)) : null;
    const fastest = levels.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    return { levels, best, fastest };
  };
  await Promise.all(clients.map((c, i) => c.call('connectRiders', { tokens: shares[i].map((r) => r.token) })));
  const socket = await run('socket');
  await all(clients, 'closeRiders');
  if (!viaHttp) return { ...socket, watchers: size.cityWatchers };
  const http = await run('http');
  return { ...socket, http, watchers: size.cityWatchers };
}

/** The same updates with no socket connected (call after every socket is closed). */
export async function measureLocationsQuiet({ clients, city, size, meter, log }) {
  const shares = split(ridersOf(city), clients.length);
  const levels = [];
  for (const concurrency of size.quietLevels) {
    const l = await level({ clients, shares, concurrency, size, meter });
    levels.push(l);
    log(`no sockets, ${describe(l)}`);
  }
  return levels;
}

/** The HTTP floor: a bare node:http server answering the same requests from the same client processes. */
export async function measureHttpFloor({ clients, city, size, meter, log, state }) {
  const shares = split(ridersOf(city), clients.length);
  const server = new ClientProcess('http-floor', path.join(HERE, '../lib/http-floor.mjs'));
  state.extra.push(() => server.stop());
  try {
    const port = await server.call('listen');
    const levels = [];
    for (const concurrency of size.quietLevels) {
      const l = await level({ clients, shares, concurrency, size, meter, url: `http://127.0.0.1:${port}`, serverPid: server.pid });
      levels.push(l);
      log(`bare node:http, ${describe(l)}`);
    }
    await server.call('close');
    return levels;
  } finally {
    server.stop();
  }
}
