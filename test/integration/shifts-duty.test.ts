import type { ShiftTemplate } from '@centinela/contracts';
import { TestClock } from 'pg-boss';
import { JobQueue } from '../../apps/api/src/jobs/job-queue.js';
import { ResponderUpdated } from '../../apps/api/src/responders/responders.events.js';
import { waitFor } from '../support/api-process.js';
import { PushReceiver } from '../support/push-receiver.js';
import { expectOk, nextEvent, TestApp } from '../support/test-app.js';

const ZONE = 'America/Chicago';
const MINUTE = 60_000;

function local(ms: number): { weekday: number; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: ZONE, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return { weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1, time: `${parts.hour}:${parts.minute}` };
}

/**
 * A responder whose duty follows their shifts: a push reminder 15 minutes before, on duty at the start, off at the
 * end — durable jobs on the controllable clock, surviving a restart, each done once even when its job runs twice.
 */
describe('duty following shifts', () => {
  let t: TestApp;
  let clock: TestClock;
  let receiver: PushReceiver;

  beforeAll(async () => {
    receiver = await PushReceiver.start();
    clock = new TestClock(Date.now());
    t = await TestApp.start({ NETWORK_TIME_ZONE: ZONE }, { clock });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('reminds 15 minutes before, goes on duty at the start and off at the end, once each', async () => {
    const coordinator = await t.asCoordinator();
    const responder = await t.account('responder', { onDuty: true });
    const { publicKey } = await expectOk(responder.api.get('/api/push/key'));
    const subscription = receiver.subscribe({ applicationServerKey: publicKey });
    expect((await responder.api.put('/api/push/subscription', subscription)).status).toBe(204);
    expect(await expectOk(responder.api.patch('/api/shifts/me', { dutyFollowsShifts: true }))).toEqual({ dutyFollowsShifts: true, calendarFeed: false });
    await expectOk(responder.api.patch('/api/responders/me', { onDuty: false }));
    // Off duty, the subscription stays: the reminder needs it.
    expect((await t.db.query('SELECT count(*)::int AS n FROM push_subscriptions')).rows[0].n).toBe(1);

    const start = Math.ceil((clock.now() + 16 * MINUTE) / MINUTE) * MINUTE;
    const [from, to] = [local(start), local(start + 2 * MINUTE)];
    const shift = await expectOk<ShiftTemplate>(
      coordinator.api.post('/api/shifts', { role: 'responder', weekday: from.weekday, start: from.time, end: to.time }),
      201,
    );
    await expectOk(coordinator.api.post(`/api/shifts/${shift.id}/assignments`, { userId: responder.user.id }), 201);
    await t.restart(); // the plans are jobs in PostgreSQL, not timers in this process

    await clock.tick(start - 15 * MINUTE - clock.now() + 1000); // a job is fetched once it is past due
    const push = await receiver.next(subscription.endpoint, 10_000);
    expect(push.json()).toEqual({ kind: 'shift', pingId: shift.id, url: '/shifts' });

    // Moving the clock 15 minutes takes a while in real time (every timer of the app runs on the way).
    const on = nextEvent(t.app, ResponderUpdated, 120_000);
    await clock.tick(start - clock.now() + 1000);
    expect((await on).responder).toMatchObject({ id: responder.user.responderId, onDuty: true });

    const off = nextEvent(t.app, ResponderUpdated, 60_000);
    await clock.tick(2 * MINUTE);
    expect((await off).responder).toMatchObject({ id: responder.user.responderId, onDuty: false });

    // Each boundary planned its successor a week later.
    const planned = await t.db.query(
      `SELECT data->>'kind' AS kind, data->>'at' AS at FROM pgboss.job WHERE name = 'shifts.duty' AND state = 'created' ORDER BY data->>'at'`,
    );
    expect(planned.rows.map((j: { kind: string; at: string }) => [j.kind, (Date.parse(j.at) - start) / MINUTE])).toEqual([
      ['reminder', 7 * 24 * 60 - 15],
      ['start', 7 * 24 * 60],
      ['end', 7 * 24 * 60 + 2],
    ]);

    // The same change again (a duplicate job, as after a crash mid-run) does nothing.
    await t.app.get(JobQueue).send('shifts.duty', { templateId: shift.id, userId: responder.user.id, kind: 'start', at: new Date(start).toISOString() });
    await waitFor('the duplicate job to run', async () => {
      await clock.tick(500);
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'shifts.duty' AND state = 'completed'`);
      return rows[0].n === 4;
    });
    const runs = await t.db.query(`SELECT kind FROM shift_duty_runs ORDER BY at, kind`);
    expect(runs.rows.map((r: { kind: string }) => r.kind)).toEqual(['reminder', 'start', 'end']);
    expect((await expectOk<{ onDuty: boolean }>(t.as(responder).get('/api/responders/me'))).onDuty).toBe(false);
    expect(receiver.received(subscription.endpoint)).toHaveLength(1);
  }, 240_000);
});
