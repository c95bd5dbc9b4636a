// Measurement 3: socket fan-out — the API's CPU per delivered socket.io message, and the same for a bare `ws`
// broadcast of the same JSON frame to as many clients, in the same run.
//
// Trigger: PUT /api/responders/me/location by one on-duty responder standing outside every zone — one HTTP
// request, no SQL, no zone crossing, one move in a `responders.moved` broadcast to the map-watcher rooms (at 20/s,
// more than MOVES_EVERY_MS apart, so nearly every move is a batch of its own: this measures a message). (A zone PATCH
// would also broadcast to every watcher, but it re-matches every live location against the rebuilt zone index,
// which would swamp the fan-out cost.) The HTTP part is measured separately — the same requests at the same
// rate with no sockets connected — and subtracted:
//   CPU per message = (API CPU with N watchers − API CPU with none) / messages the clients received.
// Baseline: a `ws` server child broadcasting the same frame (`42["responders.moved",[{…}]]`, as socket.io
// writes it) at the same rate to N plain ws clients; its CPU minus its idle CPU over as long, per message.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { all, ClientProcess, split } from '../lib/clients.mjs';
import { AREA } from '../lib/city.mjs';
import { cpuSeconds } from '../lib/proc.mjs';
import { sleep } from '../lib/stats.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export async function measureFanout({ api, clients, city, size, meter, log, state, model }) {
  await all(clients, 'disconnectAll');
  await sleep(2000);

  const point = [AREA.west + 0.0003, AREA.south + 0.0003];
  if (model.index.match(point[0], point[1]).length > 0) throw new Error('fan-out trigger point lies in a zone');
  const trigger = city.responders.find((r) => r.located && r.onDuty);
  const spec = { kind: 'location', responders: [{ token: trigger.token, position: point }], step: 1e-7, span: 1e-6 };
  const durationMs = size.fanoutSeconds * 1000;
  const rate = size.fanoutRate;
  const sender = clients[0];

  const triggerRun = async () => {
    const m = meter();
    const { results } = await sender.call('openLoop', { spec, rate, durationMs });
    await sleep(1000); // the last messages
    const cpu = m();
    const bad = results.filter((r) => r[2] !== 200);
    if (bad.length > 0) {
      const counts = new Map();
      for (const r of bad) counts.set(r[2], (counts.get(r[2]) ?? 0) + 1);
      const statuses = [...counts].map(([status, n]) => `${n} × ${status}`);
      throw new Error(`${bad.length} trigger requests failed (HTTP status: ${statuses.join(', ')})`);
    }
    return { cpu, requests: results.length };
  };

  await sender.call('openLoop', { spec, rate, durationMs: 1000 }); // warm-up, leaves any zone
  const quiet = await triggerRun();
  log(`no sockets: ${quiet.requests} location updates cost the API ${(quiet.cpu.api * 1000).toFixed(0)} ms CPU`);

  const watchers = city.watchers.slice(0, size.watchers).map((w) => ({ token: w.token, role: w.role }));
  const parts = split(watchers, clients.length);
  const connected = await all(clients, 'connect', (i) => ({ url: api.url, clients: parts[i] }));
  const n = connected.reduce((s, c) => s + c.connected, 0);
  if (n !== watchers.length) throw new Error(`only ${n} of ${watchers.length} watcher sockets connected: ${connected.find((c) => c.firstError)?.firstError}`);
  await sleep(2000);
  await all(clients, 'received', { reset: true });
  const loud = await triggerRun();
  const got = await all(clients, 'received', { reset: true });
  const delivered = got.reduce((s, r) => s + r.moved, 0);
  const expected = loud.requests * n;
  const frames = got.reduce((s, r) => s + r.movedFrames, 0);
  log(`${n} watchers: ${delivered} of ${expected} moves delivered in ${frames} messages; API ${(loud.cpu.api * 1000).toFixed(0)} ms CPU`);
  await all(clients, 'disconnectAll');
  await sleep(2000);

  // The plain ws baseline.
  const server = new ClientProcess('ws-baseline', path.join(HERE, '../lib/ws-server.mjs'));
  state.extra.push(() => server.stop());
  try {
    const port = await server.call('listen');
    await all(clients, 'wsConnect', (i) => ({ url: `ws://127.0.0.1:${port}`, n: parts[i].length }));
    const wsN = await server.call('clients');
    await sleep(2000);
    let t0 = cpuSeconds(server.pid);
    await sleep(durationMs + 1000);
    const wsIdle = cpuSeconds(server.pid) - t0;
    await all(clients, 'received', { reset: true });
    const message = {
      responderId: trigger.id,
      alias: trigger.alias,
      location: { coordinates: point, accuracy: null, at: new Date().toISOString(), zoneIds: [] },
    };
    const m = meter();
    t0 = cpuSeconds(server.pid);
    const sent = await server.call('broadcast', { message, rate, durationMs });
    await sleep(1000);
    const wsBusy = cpuSeconds(server.pid) - t0;
    const wsMeter = m();
    const wsGot = await all(clients, 'received', { reset: true });
    const wsDelivered = wsGot.reduce((s, r) => s + r.ws, 0);
    await all(clients, 'disconnectAll');
    await server.call('close');

    const ours = (loud.cpu.api - quiet.cpu.api) / delivered;
    const theirs = (wsBusy - wsIdle) / wsDelivered;
    return {
      sockets: n,
      rate,
      seconds: size.fanoutSeconds,
      requests: loud.requests,
      delivered,
      expected,
      quiet: quiet.cpu,
      loud: loud.cpu,
      perMessageUs: ours * 1e6,
      rawPerMessageUs: (loud.cpu.api / delivered) * 1e6,
      httpPerRequestUs: (quiet.cpu.api / quiet.requests) * 1e6,
      ws: {
        sockets: wsN,
        broadcasts: sent.broadcasts,
        delivered: wsDelivered,
        sentDeliveries: sent.deliveries,
        idle: wsIdle,
        busy: wsBusy,
        perMessageUs: theirs * 1e6,
        clientsCpu: wsMeter.clients,
        foreign: wsMeter.foreign,
      },
      efficiency: theirs / ours,
      payloadBytes: Buffer.byteLength('42' + JSON.stringify(['responders.moved', [message]])),
      frames: got.reduce((s, r) => s + r.movedFrames, 0),
    };
  } finally {
    server.stop();
  }
}
