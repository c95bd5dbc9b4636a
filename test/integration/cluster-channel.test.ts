import pg from 'pg';
import { ClusterChannel } from '../../apps/api/src/cluster/cluster-channel.js';
import { ClusterRepository } from '../../apps/api/src/cluster/cluster.repository.js';
import { APP_CONFIG } from '../../apps/api/src/config/config.module.js';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { KeyRing } from '../../apps/api/src/crypto/key-ring.js';
import { waitFor } from '../support/api-process.js';
import { TestApp } from '../support/test-app.js';

describe('the channel between API processes', () => {
  let t: TestApp;
  let other: ClusterChannel;
  let listener: pg.Client;
  beforeAll(async () => {
    t = await TestApp.start();
    // A second process's channel: its own LISTEN connection and pool, the same database and keys.
    other = new ClusterChannel(t.app.get<AppConfig>(APP_CONFIG), t.app.get(KeyRing), t.app.get(ClusterRepository));
    await other.onApplicationBootstrap();
    listener = new pg.Client({ connectionString: t.databaseUrl });
    await listener.connect();
    await listener.query(`LISTEN ${other.channel}`);
  });
  afterAll(async () => {
    await listener.end();
    await other.onApplicationShutdown();
    await t.close();
  });

  it('delivers a burst of published messages to another process whole and in order, in fewer notifications than messages', async () => {
    const received: number[] = [];
    t.app.get(ClusterChannel).subscribe('test.burst', { apply: (data) => void received.push((data as { n: number }).n), resync: () => Promise.resolve() });
    let notifications = 0;
    listener.on('notification', () => notifications++);

    // A burst, as socket.io emits it under load: one publish per message, none awaited before the next.
    // Some carry a payload too large for NOTIFY itself (an attachment): they keep their place in the order.
    const burst = Array.from({ length: 120 }, (_, n) => other.publish('test.burst', { n, pad: n % 40 === 7 ? 'x'.repeat(6_000) : '' }));
    await Promise.all(burst);
    await waitFor('all 120 messages', () => received.length >= 120, 5_000);

    expect(received).toEqual(Array.from({ length: 120 }, (_, n) => n));
    expect(notifications).toBeGreaterThan(0);
    expect(notifications).toBeLessThan(120);
    // And a lone message after the burst still goes at once, alone.
    await other.publish('test.burst', { n: 120, pad: '' });
    await waitFor('the lone message', () => received.includes(120), 5_000);
  });
});
