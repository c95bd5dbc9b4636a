// Measurement 4: the API's resident memory per connected socket. VmRSS of the API process before and after
// connecting the city's sockets (phones of located responders, plus the dispatchers' and coordinators'
// screens), each reading taken after two full GCs (forced through the API's inspector) and a pause.
import { all, split } from '../lib/clients.mjs';
import { rssBytes } from '../lib/proc.mjs';
import { median, sleep } from '../lib/stats.mjs';

async function settledReading(api) {
  await sleep(1000);
  const heap = await api.collectGarbage();
  await sleep(1000);
  const samples = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssBytes(api.pid));
    await sleep(200);
  }
  return { rss: median(samples), heapUsed: heap.heapUsed, heapTotal: heap.heapTotal, external: heap.external, arrayBuffers: heap.arrayBuffers };
}

/** The city's sockets (dispatchers' and coordinators' screens, located responders' phones), one share per client process. */
export function citySockets(city, size, clientCount) {
  const phones = city.responders.filter((r) => r.connected).map((r) => ({ token: r.token, role: 'responder' }));
  const screens = city.watchers.slice(0, size.cityWatchers).map((w) => ({ token: w.token, role: w.role }));
  return { phones, screens, parts: split([...screens, ...phones], clientCount) };
}

/** Connects the city's sockets over the client processes; returns the memory figures. */
export async function connectCity({ api, clients, city, size, log }) {
  const { phones, screens, parts } = citySockets(city, size, clients.length);
  const before = await settledReading(api);
  const t0 = performance.now();
  const connected = await all(clients, 'connect', (i) => ({ url: api.url, clients: parts[i] }));
  const connectSeconds = (performance.now() - t0) / 1000;
  const count = connected.reduce((s, c) => s + c.connected, 0);
  const failed = connected.reduce((s, c) => s + c.failed, 0);
  if (failed > 0) throw new Error(`${failed} sockets failed to connect: ${connected.find((c) => c.firstError)?.firstError}`);
  log(`${count} sockets connected in ${connectSeconds.toFixed(1)} s`);
  const after = await settledReading(api);
  return {
    sockets: count,
    responders: phones.length,
    watchers: screens.length,
    connectSeconds,
    before,
    after,
    rssPerSocket: (after.rss - before.rss) / count,
    heapPerSocket: (after.heapUsed - before.heapUsed) / count,
  };
}
