// Measurement 1: report → ping. Dispatchers POST hotline-call sightings open-loop at a fixed rate; the API
// auto-dispatches verifiers (wave 1 pings the nearest three) and emits `ping` to each pinged responder's room
// and `sighting.created` to the map watchers. Latency = receive time at the socket − send time of the POST,
// on one clock (performance.timeOrigin + performance.now() is comparable across processes on one machine),
// joined on the sighting id. Report points are chosen where the three responders wave 1 will ping — predicted
// with the API's own CandidatePools on the same data — all have a connected socket; the bench checks that the
// pings went to exactly those responders.
import { all, split } from '../lib/clients.mjs';
import { rng, sleep, summary } from '../lib/stats.mjs';

export async function measureReportToPing({ clients, city, model, size, meter, log, pg, profiled = (_name, work) => work() }) {
  const connected = city.responders.filter((r) => r.connected);
  const connectedIds = new Set(connected.map((r) => r.id));
  const random = rng(11);
  const order = connected
    .map((r) => ({ r, k: random() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.r);
  const points = [];
  let tried = 0;
  for (const r of order) {
    tried++;
    const selection = await model.wave1Selection(r.position);
    if (selection.length === 3 && selection.every((s) => connectedIds.has(s.candidate.responderId))) {
      points.push({ point: r.position, expected: selection.map((s) => s.candidate.responderId) });
    }
    if (points.length >= size.maxReportPoints) break;
  }
  if (points.length === 0) throw new Error('no report point has all of its wave-1 responders connected');
  log(`${points.length} report points whose 3 wave-1 responders are connected (of ${tried} tried)`);

  const dispatchers = city.watchers.slice(0, size.cityWatchers).filter((w) => w.role === 'dispatcher');
  const watcherCount = city.watchers.slice(0, size.cityWatchers).length;
  const parts = split(points, clients.length);

  const runAt = async (rate, seconds) => {
    await all(clients, 'received', { reset: true });
    const m = meter();
    const sent = await all(clients, 'openLoop', (i) => ({
      spec: { kind: 'sighting', tokens: dispatchers.map((d) => d.token), points: parts[i].map((p) => p.point), channel: 'hotline-call' },
      rate: rate / clients.length,
      durationMs: seconds * 1000,
    }));
    await sleep(1500); // the last sockets' messages
    const cpu = m();
    const received = await all(clients, 'received', { reset: true });
    return analyse({ rate, seconds, sent, received, parts, watcherCount, cpu });
  };

  // Unloaded first (not judged): the latency floor of the path, without queueing.
  const floor = await profiled('report-floor', () => runAt(size.reportFloorRate, size.reportFloorSeconds));
  log(`floor at ${size.reportFloorRate}/s: ping p50 ${floor.ping.p50.toFixed(1)} ms, p99 ${floor.ping.p99.toFixed(1)} ms`);
  await stopEscalations(pg);
  const main = await profiled('report-to-ping', () => runAt(size.reportRate, size.reportSeconds));
  log(
    `at ${size.reportRate}/s: ping p50 ${main.ping.p50.toFixed(1)} ms, p99 ${main.ping.p99.toFixed(1)} ms; ` +
      `${Math.round(main.completedInWindow / size.reportSeconds)} reports/s answered within the ${size.reportSeconds} s window; last answer after ${(main.lastAnswerMs / 1000).toFixed(1)} s`,
  );
  return { ...main, pointCount: points.length, floor };
}

function analyse({ rate, seconds, sent, received, parts, watcherCount, cpu }) {
  const sendOf = new Map();
  const httpMs = [];
  let failed = 0;
  let firstFailure = null;
  let first = Infinity;
  let lastAnswer = -Infinity;
  const answers = [];
  sent.forEach(({ results }, i) => {
    for (const [started, ms, status, sightingId, index] of results) {
      httpMs.push(ms);
      first = Math.min(first, started);
      lastAnswer = Math.max(lastAnswer, started + ms);
      answers.push(started + ms);
      if (status !== 201 && status !== 200) {
        failed++;
        firstFailure ??= status;
        continue;
      }
      sendOf.set(sightingId, { started, expected: parts[i][index % parts[i].length].expected });
    }
  });
  const completedInWindow = answers.filter((t) => t - first <= seconds * 1000).length;
  // Wave-1 pings only: the predicted responders, first ping each. (A run that overruns its window also sees
  // wave-2 pings of its earliest dispatches, 60 s after they started; they are counted apart.)
  const pingMs = [];
  let other = 0;
  let pingsSeen = 0;
  const createdMs = [];
  for (const r of received) {
    for (const [sightingId, responderId, at] of r.ping) {
      const send = sendOf.get(sightingId);
      if (!send) continue;
      if (!send.expected.includes(responderId)) {
        other++;
        continue;
      }
      pingsSeen++;
      pingMs.push(at - send.started);
    }
    for (const [sightingId, at] of r.created) {
      const send = sendOf.get(sightingId);
      if (send) createdMs.push(at - send.started);
    }
  }
  const reports = sendOf.size;
  return {
    rate,
    seconds,
    reports,
    failed,
    firstFailure,
    completedInWindow,
    lastAnswerMs: lastAnswer - first,
    ping: summary(pingMs),
    pingsExpected: reports * 3,
    pingsSeen,
    other,
    created: summary(createdMs),
    createdExpected: reports * watcherCount,
    http: summary(httpMs),
    cpu,
  };
}

/**
 * Nobody answers the bench's pings, so every dispatch would escalate (wave 2 after 60 s pings everyone in
 * reach, wave 4 everyone on duty) and flood the later measurements. Between measurements — not during
 * one — the bench cancels them in SQL and drops their pending wake-up jobs.
 */
export async function stopEscalations(pg) {
  await pg.query(`UPDATE dispatches SET status = 'cancelled' WHERE status = 'active'`);
  await pg.query(`DELETE FROM pgboss.job WHERE name = 'dispatch-escalation' AND state IN ('created', 'retry')`);
}
