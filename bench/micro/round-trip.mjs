// How long a PostgreSQL round trip (SELECT 1) takes on this machine when the loop is hot (back to back)
// and when the machine is otherwise idle between queries (one every 20 ms) — idle vCPUs wake up slowly.
// Usage: node bench/micro/round-trip.mjs   (starts its own throwaway cluster)
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { summary, sleep } from '../lib/stats.mjs';

const { EmbeddedPostgres } = await import('../../apps/api/dist/database/embedded-postgres.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'centinela-rt-'));
chmodSync(tmp, 0o755);
const cluster = await EmbeddedPostgres.start({ dataDir: path.join(tmp, 'pg'), database: 'rt', durable: false });
try {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  const q = { name: 'one', text: 'SELECT 1' };
  for (let i = 0; i < 2000; i++) await client.query(q);
  const hot = [];
  for (let i = 0; i < 5000; i++) {
    const t = performance.now();
    await client.query(q);
    hot.push((performance.now() - t) * 1000);
  }
  const idle = [];
  for (let i = 0; i < 300; i++) {
    await sleep(20);
    const t = performance.now();
    await client.query(q);
    idle.push((performance.now() - t) * 1000);
  }
  const burst = [];
  for (let i = 0; i < 100; i++) {
    await sleep(20);
    const t = performance.now();
    for (let k = 0; k < 12; k++) await client.query(q);
    burst.push((performance.now() - t) * 1000);
  }
  const f = (s) => `p50 ${s.p50.toFixed(0)} µs, p90 ${s.p90.toFixed(0)} µs, p99 ${s.p99.toFixed(0)} µs`;
  console.log(`SELECT 1 back to back:          ${f(summary(hot))}`);
  console.log(`SELECT 1 after 20 ms idle:      ${f(summary(idle))}`);
  console.log(`12 × SELECT 1 after 20 ms idle: ${f(summary(burst))}`);
  await client.end();
} finally {
  await cluster.stop();
  rmSync(tmp, { recursive: true, force: true });
}
