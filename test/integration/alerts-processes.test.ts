import type { AlertView } from '@centinela/contracts';
import { ApiClient } from '../support/api-client.js';
import { ApiProcess, waitFor } from '../support/api-process.js';
import { freshBase, squareAround } from '../support/geo.js';
import { startTwilioStub, type TwilioStub } from '../support/stubs/index.js';
import { expectOk, TestApp } from '../support/test-app.js';

const RECIPIENTS = 300;

/**
 * One alert, two API processes (real child processes on one database) claiming its batches side by side: every
 * recipient gets the SMS exactly once, and the shared pace holds across both.
 */
describe('alert fan-out across processes', () => {
  let t: TestApp;
  let twilio: TwilioStub;
  const processes: ApiProcess[] = [];

  beforeAll(async () => {
    twilio = await startTwilioStub();
    t = await TestApp.start({ ALERT_BATCH_SIZE: '20', ALERT_TWILIO_MESSAGES_PER_SECOND: '150', LOG_LEVEL: 'warn' }, { stubs: { twilio } });
  });
  afterAll(async () => {
    for (const p of processes) await p.stop();
    await t.close();
    await twilio.close();
  });

  it('sends to every recipient exactly once', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500), `Processes ${Date.now()}`);
    const phones = Array.from({ length: RECIPIENTS }, (_, i) => `+1555040${String(i).padStart(4, '0')}`);
    const coordinator = await t.asCoordinator();
    const csv = ['channel,address,areas,language', ...phones.map((p) => `sms,${p},${zone.name},en`)].join('\n');
    expect((await expectOk(coordinator.api.post('/api/alerts/subscriptions/import', { csv, consentConfirmed: true }))).imported).toBe(RECIPIENTS);
    const [author, approver] = [await t.account('dispatcher'), await t.account('dispatcher')];
    // From here on the API runs only as two child processes.
    await t.stopApp();
    processes.push(await ApiProcess.start(t.env()), await ApiProcess.start(t.env()));
    const [one, two] = processes.map((p) => p.baseUrl);
    const created = await expectOk<AlertView>(
      new ApiClient(one!, author.token).post('/api/alerts', {
        type: 'know_your_rights',
        audience: { kind: 'zones', zoneIds: [zone.id] },
        channels: ['sms'],
        variants: [{ language: 'en', title: 'Know your rights', text: 'You may remain silent. Do not open the door without a warrant signed by a judge.' }],
      }),
      201,
    );
    const asked = await expectOk<AlertView>(new ApiClient(one!, author.token).post(`/api/alerts/${created.alert.id}/approval-request`, {}));
    await expectOk(new ApiClient(two!, approver.token).post(`/api/alerts/${created.alert.id}/approve`, { hash: asked.alert.approval!.hash }));
    await waitFor(
      'the alert to be sent',
      async () => (await t.db.query(`SELECT status FROM alerts WHERE id = $1`, [created.alert.id])).rows[0].status === 'sent',
      30_000,
    );
    const received = twilio.sent.items.filter((m) => phones.includes(m.to)).map((m) => m.to);
    expect(received).toHaveLength(RECIPIENTS);
    expect(new Set(received).size).toBe(RECIPIENTS);
    const statuses = (await t.db.query(`SELECT status, count(*)::int AS n FROM alert_deliveries WHERE alert_id = $1 GROUP BY 1`, [created.alert.id])).rows;
    expect(statuses).toEqual([{ status: 'sent', n: RECIPIENTS }]);
  });
});

/**
 * A deploy stops a process while it sends (SIGTERM): it finishes the slice in flight, puts back what it had not
 * sent and hands the batch to the next process, all before its connections close. Recovery is set to ten minutes,
 * so the sweeper (which takes back what a dead worker held) cannot be what completes the alert here.
 */
describe('an API process stopped mid-send', () => {
  let t: TestApp;
  let twilio: TwilioStub;
  const processes: ApiProcess[] = [];

  beforeAll(async () => {
    twilio = await startTwilioStub();
    const env = { ALERT_BATCH_SIZE: '20', ALERT_TWILIO_MESSAGES_PER_SECOND: '20', ALERT_RECOVERY_SECONDS: '600', LOG_LEVEL: 'warn' };
    t = await TestApp.start(env, { stubs: { twilio } });
  });
  afterAll(async () => {
    for (const p of processes) await p.stop();
    await t.close();
    await twilio.close();
  });

  it('hands back what it had not sent; its successor sends it, each recipient once', async () => {
    const count = 200;
    const zone = await t.zone(squareAround(freshBase(), 500), `Drain ${Date.now()}`);
    const phones = Array.from({ length: count }, (_, i) => `+1555041${String(i).padStart(4, '0')}`);
    const coordinator = await t.asCoordinator();
    const csv = ['channel,address,areas,language', ...phones.map((p) => `sms,${p},${zone.name},en`)].join('\n');
    expect((await expectOk(coordinator.api.post('/api/alerts/subscriptions/import', { csv, consentConfirmed: true }))).imported).toBe(count);
    const [author, approver] = [await t.account('dispatcher'), await t.account('dispatcher')];
    await t.stopApp();
    const first = await ApiProcess.start(t.env());
    processes.push(first);
    const api = (token: string) => new ApiClient(first.baseUrl, token);
    const created = await expectOk<AlertView>(
      api(author.token).post('/api/alerts', {
        type: 'all_clear',
        audience: { kind: 'zones', zoneIds: [zone.id] },
        channels: ['sms'],
        variants: [{ language: 'en', title: 'All clear', text: 'The agents left the area at 9:40. Thank you for staying calm.' }],
      }),
      201,
    );
    const asked = await expectOk<AlertView>(api(author.token).post(`/api/alerts/${created.alert.id}/approval-request`, {}));
    await expectOk(api(approver.token).post(`/api/alerts/${created.alert.id}/approve`, { hash: asked.alert.approval!.hash }));
    const received = () => twilio.sent.items.filter((m) => phones.includes(m.to)).map((m) => m.to);
    await waitFor('the first messages to go out', () => received().length >= 20, 20_000);

    first.kill('SIGTERM');
    expect(await first.exit(20_000)).toEqual({ code: 0, signal: null });
    expect(first.output).not.toMatch(/Cannot use a pool|"level":50/);
    const sentBefore = received().length;
    expect(sentBefore).toBeLessThan(count);
    // Nothing held, nothing in flight: every row is sent or back in the queue, and the batches have jobs again.
    const held = await t.db.query(`SELECT status, count(*)::int AS n FROM alert_deliveries WHERE alert_id = $1 GROUP BY 1 ORDER BY 1`, [created.alert.id]);
    expect(held.rows).toEqual([
      { status: 'queued', n: count - sentBefore },
      { status: 'sent', n: sentBefore },
    ]);

    processes.push(await ApiProcess.start(t.env()));
    await waitFor(
      'the successor to finish the alert',
      async () => (await t.db.query(`SELECT status FROM alerts WHERE id = $1`, [created.alert.id])).rows[0].status === 'sent',
      30_000,
    );
    expect(received()).toHaveLength(count);
    expect(new Set(received()).size).toBe(count);
  });
});
