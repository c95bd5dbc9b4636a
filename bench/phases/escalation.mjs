// Measurement 7: escalation wake-ups (issue 7). The API restarts with short wave delays; dispatchers log hotline
// calls open-loop (each auto-dispatches verifiers and schedules waves 2–4). Two runs:
//   steady — `escalationRate` new dispatches/s for `escalationSeconds` while earlier dispatches' waves come due;
//            judged: no wake-up more than 2 s late.
//   burst  — `burstCount` dispatches logged as fast as the API takes them, all of whose wave-2 wake-ups then come
//            due within a few seconds with nothing else running; judged: wake-ups/s while draining ≥ 50.
// Lateness and throughput are read from pg-boss's own job rows (start_after = when due, completed_on = when done).
import { all, split } from '../lib/clients.mjs';
import { sleep, summary } from '../lib/stats.mjs';

const QUEUE = 'dispatch-escalation';

async function wakeups(pg, since) {
  const { rows } = await pg.query(
    `SELECT extract(epoch FROM start_after) * 1000 AS due, extract(epoch FROM started_on) * 1000 AS started, extract(epoch FROM completed_on) * 1000 AS done
       FROM pgboss.job WHERE name = $1 AND state = 'completed' AND start_after >= $2`,
    [QUEUE, since],
  );
  return rows.map((r) => ({ due: Number(r.due), started: Number(r.started), done: Number(r.done) }));
}

async function pending(pg) {
  const { rows } = await pg.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`, [QUEUE]);
  return rows[0].n;
}

async function drain(pg, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while ((await pending(pg)) > 0 && Date.now() < deadline) await sleep(250);
}

export async function measureEscalation({ clients, city, size, log, pg, waveDelaySeconds }) {
  const dispatchers = city.watchers.filter((w) => w.role === 'dispatcher');
  const points = city.responders.filter((r) => r.connected).map((r) => r.position);
  const parts = split(points, clients.length);
  const spec = (i) => ({ kind: 'sighting', tokens: dispatchers.map((d) => d.token), points: parts[i], channel: 'hotline-call' });

  // Steady: new dispatches arrive while earlier ones escalate.
  const steadySince = new Date();
  await all(clients, 'openLoop', (i) => ({ spec: spec(i), rate: size.escalationRate / clients.length, durationMs: size.escalationSeconds * 1000 }));
  await drain(pg, waveDelaySeconds * 3 * 1000 + 30_000);
  const steady = await wakeups(pg, steadySince);
  const lateness = summary(steady.map((w) => w.done - w.due));
  log(
    `steady (${size.escalationRate} dispatches/s for ${size.escalationSeconds} s): ${steady.length} wake-ups, late p50 ${lateness.p50.toFixed(0)} ms, max ${lateness.max.toFixed(0)} ms`,
  );

  // Burst: many wave-2 wake-ups due at once, nothing else running.
  const burstSince = new Date();
  await all(clients, 'openLoop', (i) => ({ spec: spec(i), rate: size.burstRate / clients.length, durationMs: (size.burstCount / size.burstRate) * 1000 }));
  await drain(pg, waveDelaySeconds * 3 * 1000 + 60_000);
  const burst = (await wakeups(pg, burstSince)).sort((a, b) => a.due - b.due);
  // The drain: from when the first wake-up came due to when the last finished, over the wave-2 wake-ups only
  // (the first third by due time: waves 3 and 4 come due later, at a rate the burst does not set).
  const wave2 = burst.slice(0, Math.round(burst.length / 3));
  const span = (Math.max(...wave2.map((w) => w.done)) - Math.min(...wave2.map((w) => w.due))) / 1000;
  const dueSpan = (Math.max(...wave2.map((w) => w.due)) - Math.min(...wave2.map((w) => w.due))) / 1000;
  const perSecond = wave2.length / Math.max(span, 0.001);
  const burstLate = summary(wave2.map((w) => w.done - w.due));
  log(
    `burst: ${wave2.length} wave-2 wake-ups due within ${dueSpan.toFixed(1)} s, done in ${span.toFixed(1)} s: ${perSecond.toFixed(0)}/s, late max ${burstLate.max.toFixed(0)} ms`,
  );
  // Waves 3 and 4 ping everyone in a wider reach and then everyone on duty: the pings of these unfilled dispatches
  // go on being sent after the last wake-up: how many are still unsent a minute later is reported.
  const settleStart = performance.now();
  const unsent = async () => (await pg.query(`SELECT count(*)::int AS n FROM pings WHERE notified_at IS NULL AND created_at >= $1`, [steadySince])).rows[0].n;
  while (((await unsent()) > 0 || (await pending(pg)) > 0) && performance.now() - settleStart < 60_000) await sleep(500);
  const pings = (await pg.query(`SELECT count(*)::int AS n FROM pings WHERE created_at >= $1`, [steadySince])).rows[0].n;
  const settle = { pings, unsent: await unsent(), seconds: (performance.now() - settleStart) / 1000 };
  log(`the escalation's ${pings.toLocaleString('en-US')} pings: ${settle.unsent} still unsent ${settle.seconds.toFixed(1)} s after the last wake-up`);
  return { steady: { count: steady.length, lateness }, burst: { count: wave2.length, perSecond, span, dueSpan, lateness: burstLate }, settle };
}
