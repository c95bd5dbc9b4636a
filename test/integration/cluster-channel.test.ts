import pg from 'pg';
import { ClusterChannel } from '../../apps/api/src/cluster/cluster-channel.js';
import { ClusterRepository } from '../../apps/api/src/cluster/cluster.repository.js';
import { APP_CONFIG } from '../../apps/api/src/config/config.module.js';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { KeyRing } from '../../apps/api/src/crypto/key-ring.js';
import { EventBus } from '../../apps/api/src/common/events/event-bus.js';
import type { Db } from '../../apps/api/src/database/unit-of-work.js';
import { ResponderUpdated } from '../../apps/api/src/responders/responders.events.js';
import { Roster } from '../../apps/api/src/responders/roster.js';
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

  /** A transaction on a connection of its own; `held` keeps its NOTIFY back, to be sent later by the test. */
  async function transaction(hold = false): Promise<{ db: Db; commit(): Promise<void>; held: () => unknown[] }> {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    await client.query('BEGIN');
    let held: unknown[] = [];
    const db: Db = {
      query: async <Row extends object>(sql: string, params?: readonly unknown[]) => {
        if (hold && sql.includes('pg_notify')) {
          held = [...(params ?? [])];
          return [];
        }
        return (await client.query<Row>(sql, params as unknown[])).rows;
      },
    };
    return { db, commit: () => client.query('COMMIT').then(() => client.end()), held: () => held };
  }

  it('applies another process’s change even when its own later change took a higher version before that message arrived', async () => {
    await t.db.query(`INSERT INTO cluster_versions (topic) VALUES ('test.versions')`);
    const mine = t.app.get(ClusterChannel);
    const applied: unknown[] = [];
    mine.subscribe('test.versions', { apply: (data) => void applied.push(data), resync: () => Promise.resolve() }, { versioned: true });
    // The other process commits version 1; its notification is still on its way (held back here, sent below).
    const theirs = await transaction(true);
    await other.notifyIn(theirs.db, 'test.versions', { n: 1 });
    await theirs.commit();
    // This process commits version 2 and applies it itself.
    const ours = await transaction();
    await mine.notifyIn(ours.db, 'test.versions', { n: 2 });
    await ours.commit();
    await t.db.query('SELECT pg_notify($1, $2)', theirs.held());
    await waitFor('the other process’s change to be applied', () => applied.length > 0, 5_000);
    expect(applied).toEqual([{ n: 1 }]);
  });

  it('never lets a roster reload whose read began first undo a change that arrived meanwhile', async () => {
    const roster = t.app.get(Roster);
    const responder = await t.account('responder', { alias: `in-order-${Date.now()}` });
    const id = responder.user.responderId!;
    expect(roster.get(id)?.onDuty).toBe(false);
    // The reload's read waits (a lock held by the test) ...
    const locker = await t.db.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE zone_responders IN ACCESS EXCLUSIVE MODE');
    const reload = roster.reload();
    await waitFor('the reload to be reading', async () => {
      const { rows } = await t.db.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%LEFT JOIN zone_responders zr%'`);
      return rows.length > 0;
    });
    // ... while a change committed after its read began is delivered: the responder went on duty.
    const change = t.app.get(EventBus).deliver([new ResponderUpdated({ ...roster.get(id)!, onDuty: true, location: null })]);
    await locker.query('COMMIT');
    locker.release();
    await Promise.all([reload, change]);
    expect(roster.get(id)?.onDuty).toBe(true);
  });

  it('shares one roster reload among those asked for while it waits its turn (a burst of zone changes: one read)', async () => {
    const roster = t.app.get(Roster);
    const locker = await t.db.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE zone_responders IN ACCESS EXCLUSIVE MODE');
    const reading = roster.reload();
    await waitFor('the reload to be reading', async () => {
      const { rows } = await t.db.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%LEFT JOIN zone_responders zr%'`);
      return rows.length > 0;
    });
    // Its read may predate what these were asked for: they get a reload of their own, one for both.
    const [next, another] = [roster.reload(), roster.reload()];
    expect(next).toBe(another);
    expect(next).not.toBe(reading);
    await locker.query('COMMIT');
    locker.release();
    await Promise.all([reading, next]);
  });
});
