import type { AlertView, Zone } from '@centinela/contracts';
import { FanOut } from '../../apps/api/src/alerts/fan-out.js';
import { ApiClient } from '../support/api-client.js';
import { ApiProcess, waitFor } from '../support/api-process.js';
import { freshBase, squareAround } from '../support/geo.js';
import { startTelegramStub, startTwilioStub, type TelegramStub, type TwilioStub } from '../support/stubs/index.js';
import { expectOk, type TestAccount, TestApp } from '../support/test-app.js';

/**
 * A worker that stops mid-send (its process killed, its connection cut): the sweeper settles what it had in flight
 * from Twilio's own list of sent messages — sent if Twilio has it, queued again if it never got there — so every
 * recipient gets the alert once, and nothing the dead worker might still say is believed over that.
 */
describe('alert sends cut short', () => {
  let t: TestApp;
  let twilio: TwilioStub;
  let telegram: TelegramStub;
  let author: TestAccount;
  let approver: TestAccount;

  beforeAll(async () => {
    [twilio, telegram] = await Promise.all([startTwilioStub(), startTelegramStub()]);
    t = await TestApp.start(
      { ALERT_RECOVERY_SECONDS: '1', ALERT_TWILIO_MESSAGES_PER_SECOND: '100', ALERT_TELEGRAM_MESSAGES_PER_SECOND: '1', ALERT_BATCH_SIZE: '20' },
      { stubs: { twilio, telegram } },
    );
    [author, approver] = [await t.account('dispatcher'), await t.account('dispatcher')];
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([twilio.close(), telegram.close()]);
  });

  /** A zone of its own with these addresses subscribed to it on one channel (a consented CSV import). */
  async function subscribed(channel: 'sms' | 'telegram', addresses: string[], name: string): Promise<Zone> {
    const zone = await t.zone(squareAround(freshBase(), 500), `${name} ${Date.now()}`);
    const coordinator = await t.asCoordinator();
    const csv = ['channel,address,areas,language', ...addresses.map((a) => `${channel},${a},${zone.name},en`)].join('\n');
    expect((await expectOk(coordinator.api.post('/api/alerts/subscriptions/import', { csv, consentConfirmed: true }))).imported).toBe(addresses.length);
    return zone;
  }

  /** Writes an alert through `authorAt` and has it approved through `approverAt` (API processes' addresses). */
  async function release(authorAt: string, approverAt: string, alert: Record<string, unknown>): Promise<string> {
    const created = await expectOk<AlertView>(new ApiClient(authorAt, author.token).post('/api/alerts', alert), 201);
    const asked = await expectOk<AlertView>(new ApiClient(authorAt, author.token).post(`/api/alerts/${created.alert.id}/approval-request`, {}));
    await expectOk(new ApiClient(approverAt, approver.token).post(`/api/alerts/${created.alert.id}/approve`, { hash: asked.alert.approval!.hash }));
    return created.alert.id;
  }

  /** After a worker was killed: the in-process app comes back and sweeps (rather than on its minute) until the alert is sent. */
  async function restartAndSweepUntilSent(alertId: string): Promise<void> {
    await t.restart();
    const sweeper = t.app.get(FanOut);
    await waitFor(
      'the alert to be sent',
      async () => {
        await sweeper.sweep();
        return (await t.db.query(`SELECT status FROM alerts WHERE id = $1`, [alertId])).rows[0].status === 'sent';
      },
      30_000,
      250,
    );
  }

  it('asks Twilio about the sends a stuck worker had in flight: the one Twilio took stays sent, the lost one goes again', async () => {
    const [took, lost, answered] = ['+15550610001', '+15550610002', '+15550610003'];
    const zone = await subscribed('sms', [took, lost, answered], 'Recovery');
    // The first send to each of two numbers: Twilio takes one (its answer never comes back), the other never arrives.
    const first = new Map([
      [took, 'recorded' as const],
      [lost, 'lost' as const],
    ]);
    const release = twilio.holdMessages((to) => {
      const decision = first.get(to) ?? null;
      first.delete(to);
      return decision;
    });
    const created = await expectOk<AlertView>(
      author.api.post('/api/alerts', {
        type: 'all_clear',
        audience: { kind: 'zones', zoneIds: [zone.id] },
        channels: ['sms'],
        variants: [{ language: 'en', title: 'All clear', text: 'All clear on 18th St: the agents left at 10:40.' }],
      }),
      201,
    );
    const asked = await expectOk<AlertView>(author.api.post(`/api/alerts/${created.alert.id}/approval-request`, {}));
    await expectOk(approver.api.post(`/api/alerts/${created.alert.id}/approve`, { hash: asked.alert.approval!.hash }));
    const rows = async () => (await t.db.query<{ status: string }>(`SELECT status FROM alert_deliveries WHERE alert_id = $1`, [created.alert.id])).rows;
    await twilio.sent.next((m) => m.to === took);
    await waitFor('the three sends in flight', async () => (await rows()).every((r) => r.status === 'sending'), 10_000);

    // The worker is stuck; the sweeper (run here rather than on its minute) takes over once the rows are 2 s old.
    const sweeper = t.app.get(FanOut);
    await waitFor(
      'the sweeper to settle the sends in flight',
      async () => {
        await sweeper.sweep();
        return (await rows()).every((r) => r.status !== 'sending');
      },
      15_000,
    );
    // The stuck worker's connections are cut now: what it records late changes no row (they are no longer its own).
    release();
    await waitFor(
      'the alert to be sent',
      async () => (await t.db.query(`SELECT status FROM alerts WHERE id = $1`, [created.alert.id])).rows[0].status === 'sent',
      15_000,
    );
    const sentTo = (to: string) => twilio.sent.items.filter((m) => m.to === to);
    expect([sentTo(took).length, sentTo(lost).length, sentTo(answered).length]).toEqual([1, 1, 1]);
    const final = await t.db.query<{ status: string; pid: string }>(`SELECT status, provider_message_id AS pid FROM alert_deliveries WHERE alert_id = $1`, [
      created.alert.id,
    ]);
    expect(final.rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(final.rows.map((r) => r.pid).sort()).toEqual([sentTo(took)[0]!.sid, sentTo(lost)[0]!.sid, sentTo(answered)[0]!.sid].sort());
  });

  it('sends every recipient the alert exactly once when a worker process is killed with SIGKILL mid-send', async () => {
    const phones = Array.from({ length: 300 }, (_, i) => `+1555062${String(i).padStart(4, '0')}`);
    const zone = await subscribed('sms', phones, 'Killed');
    // Two API processes (real child processes on this database) share the sending; the first is killed mid-send.
    await t.stopApp();
    const one = await ApiProcess.start(t.env());
    const two = await ApiProcess.start(t.env());
    try {
      const alertId = await release(one.baseUrl, two.baseUrl, {
        type: 'know_your_rights',
        audience: { kind: 'zones', zoneIds: [zone.id] },
        channels: ['sms'],
        variants: [{ language: 'en', title: 'Know your rights', text: 'Do not open the door: ask for a warrant signed by a judge, under the door.' }],
      });
      const received = () => twilio.sent.items.filter((m) => phones.includes(m.to));
      await twilio.sent.next(() => received().length >= 60, 15_000);
      one.kill('SIGKILL');
      await one.exit();
      // What the dead process held comes back through the sweeper (run by this process as soon as it is up again).
      await restartAndSweepUntilSent(alertId);
      const to = received().map((m) => m.to);
      expect(to).toHaveLength(phones.length);
      expect(new Set(to).size).toBe(phones.length);
      const statuses = (await t.db.query(`SELECT status, count(*)::int AS n FROM alert_deliveries WHERE alert_id = $1 GROUP BY 1`, [alertId])).rows;
      expect(statuses).toEqual([{ status: 'sent', n: phones.length }]);
    } finally {
      one.kill('SIGKILL');
      await two.stop();
    }
  });

  it('leaves no Telegram message in flight while it waits for its slot, so a worker killed then loses no recipient', async () => {
    // Telegram keeps no list of what a bot sent: a message a dead worker had in flight can only be failed as
    // interrupted. At 1 message a second the next one waits about a second for its slot, as `claimed`, not `sending`.
    const chats = ['7300001', '7300002', '7300003'];
    const zone = await subscribed('telegram', chats, 'Slot');
    await t.stopApp();
    const one = await ApiProcess.start(t.env()); // the only process sending
    try {
      const alertId = await release(one.baseUrl, one.baseUrl, {
        type: 'know_your_rights',
        audience: { kind: 'zones', zoneIds: [zone.id] },
        channels: ['telegram'],
        postToChannel: false,
        variants: [{ language: 'en', title: 'Know your rights', text: 'You do not have to answer questions about where you were born.' }],
      });
      const statuses = async () =>
        (
          await t.db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM alert_deliveries WHERE alert_id = $1 GROUP BY 1 ORDER BY 1`, [
            alertId,
          ])
        ).rows;
      await waitFor('the first message recorded', async () => (await statuses()).some((r) => r.status === 'sent'), 10_000);
      expect(await statuses()).toEqual([
        { status: 'claimed', n: 2 },
        { status: 'sent', n: 1 },
      ]);
      one.kill('SIGKILL');
      await one.exit();
      await restartAndSweepUntilSent(alertId);
      const to = telegram.sent.items.filter((m) => chats.includes(m.chatId)).map((m) => m.chatId);
      expect(to.sort()).toEqual(chats);
      expect(await statuses()).toEqual([{ status: 'sent', n: chats.length }]);
    } finally {
      one.kill('SIGKILL');
    }
  });
});
