import type { SightingView, ThreadMessage, ThreadSummary, ThreadView, TimelineEntry } from '@centinela/contracts';
import { connect } from 'node:net';
import exifr from 'exifr';
import { RetentionService } from '../../apps/api/src/retention/retention.service.js';
import { waitFor } from '../support/api-process.js';
import { freshBase } from '../support/geo.js';
import { jpegWithGps } from '../support/photos.js';
import { startTelegramStub, startTwilioStub, type TelegramStub, type TwilioStub } from '../support/stubs/index.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

let n = 0;
const number = () => `+1555030${String(++n).padStart(4, '0')}`;

/** Message threads driven as the providers would, seen by a dispatcher over the API and the socket. */
describe('message threads', () => {
  let t: TestApp;
  let twilio: TwilioStub;
  let telegram: TelegramStub;
  let dispatcher: TestAccount;
  beforeAll(async () => {
    [twilio, telegram] = await Promise.all([startTwilioStub(), startTelegramStub()]);
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0' }, { stubs: { twilio, telegram } });
    dispatcher = await t.account('dispatcher');
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([twilio.close(), telegram.close()]);
  });

  const threads = () => expectOk<ThreadSummary[]>(dispatcher.api.get('/api/threads'));
  const threadOf = async (channel: string, text: string) => {
    for (const thread of await threads()) {
      const view = await expectOk<ThreadView>(dispatcher.api.get(`/api/threads/${thread.id}`));
      if (thread.channel === channel && view.messages.some((m) => m.text === text)) return view;
    }
    throw new Error(`no ${channel} thread with "${text}"`);
  };

  it('opens one thread per sender, live, and answers a new sender once, in English and Spanish when the language is unknown', async () => {
    const live = await t.socket(dispatcher);
    const from = number();
    await twilio.inbound({ from, body: 'Agents at the laundromat on Oak St' });
    const updated = await live.next('thread.updated', (th) => th.preview.startsWith('Agents at the laundromat'));
    expect(updated).toMatchObject({ channel: 'sms', unread: 1, sightingId: null, optedOut: false });
    expect(JSON.stringify(updated)).not.toContain(from.slice(2));
    const first = await twilio.sent.next((s) => s.to === from);
    expect(first.body).toContain('where exactly');
    expect(first.body).toContain('dónde exactamente');
    await twilio.inbound({ from, body: 'Two vans, white' });
    await live.next('thread.updated', (th) => th.id === updated.id && th.unread === 2);
    expect(twilio.sent.items.filter((s) => s.to === from)).toHaveLength(1);
    const view = await expectOk<ThreadView>(dispatcher.api.get(`/api/threads/${updated.id}`));
    expect(view.messages.map((m) => [m.direction, m.text.slice(0, 12)])).toEqual([
      ['in', 'Agents at th'],
      ['out', first.body.slice(0, 12)],
      ['in', 'Two vans, wh'],
    ]);
    expect(view.messages[1]).toMatchObject({ status: 'queued', author: null });
    // Stored sealed: the text is nowhere in clear.
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM thread_messages WHERE position(convert_to('laundromat', 'UTF8') in body) > 0`);
    expect(rows[0].n).toBe(0);
    expect((await expectOk<ThreadSummary>(dispatcher.api.post(`/api/threads/${updated.id}/read`, {}))).unread).toBe(0);
  });

  it('answers a Telegram sender in their language and keeps a replayed message once', async () => {
    const sent = await telegram.message(7001, { text: 'Hay migra en la escuela', languageCode: 'es-MX' });
    expect((await telegram.sent.next((s) => s.chatId === '7001')).text).toMatch(/^Gracias, recibimos su mensaje/);
    await telegram.update(sent.update);
    const view = await threadOf('telegram', 'Hay migra en la escuela');
    expect(view.thread.language).toBe('es-MX');
    expect(view.messages.filter((m) => m.direction === 'in')).toHaveLength(1);
  });

  it('keeps WhatsApp photos with their metadata stripped', async () => {
    const original = await jpegWithGps();
    expect(await exifr.gps(original)).toBeDefined();
    const url = twilio.addMedia(original, 'image/jpeg');
    await twilio.inbound({ from: number(), whatsapp: true, body: 'foto de la camioneta', media: [{ url, contentType: 'image/jpeg' }] });
    const view = await threadOf('whatsapp', 'foto de la camioneta');
    const withPhoto = view.messages.find((m) => m.hasPhoto)!;
    const res = await fetch(`${t.baseUrl}/api/threads/${view.thread.id}/messages/${withPhoto.id}/photo`, {
      headers: { authorization: `Bearer ${dispatcher.token}` },
    });
    expect(res.status).toBe(200);
    const stored = Buffer.from(await res.arrayBuffer());
    expect(await exifr.parse(stored)).toBeUndefined();
    expect(await exifr.gps(stored)).toBeUndefined();
  });

  it('sends a dispatcher reply and shows its delivery status live, with the provider error code on failure', async () => {
    const from = number();
    await twilio.inbound({ from, body: 'is anyone there?' });
    await twilio.sent.next((s) => s.to === from);
    const view = await threadOf('sms', 'is anyone there?');
    expect((await dispatcher.api.post(`/api/threads/${view.thread.id}/messages`, { text: '   ' })).body.message).toContain('text');
    const live = await t.socket(dispatcher);
    const reply = await expectOk<ThreadMessage>(dispatcher.api.post(`/api/threads/${view.thread.id}/messages`, { text: 'Yes. Where are you?' }), 201);
    expect(reply).toMatchObject({ direction: 'out', status: 'queued', author: dispatcher.user.username });
    const onStub = await twilio.sent.next((s) => s.to === from && s.body === 'Yes. Where are you?');
    await twilio.status(onStub, 'delivered');
    expect((await live.next('thread.message', (m) => m.id === reply.id && m.status === 'delivered')).errorCode).toBeNull();

    twilio.failNext(400, 21610);
    const refused = await expectOk<ThreadMessage>(dispatcher.api.post(`/api/threads/${view.thread.id}/messages`, { text: 'Still there?' }), 201);
    expect(refused).toMatchObject({ status: 'failed', errorCode: '21610' });
    const second = await expectOk<ThreadMessage>(dispatcher.api.post(`/api/threads/${view.thread.id}/messages`, { text: 'Are you safe?' }), 201);
    const onStub2 = await twilio.sent.next((s) => s.to === from && s.body === 'Are you safe?');
    await twilio.status(onStub2, 'undelivered', '30003');
    expect(await live.next('thread.message', (m) => m.id === second.id && m.status === 'undelivered')).toMatchObject({ errorCode: '30003' });
  });

  it('turns a thread into a sighting that keeps the thread, with its photo in the record', async () => {
    const from = number();
    const photo = twilio.addMedia(await jpegWithGps(), 'image/jpeg');
    await twilio.inbound({ from, body: 'ICE at the bus stop, 3 agents', media: [{ url: photo, contentType: 'image/jpeg' }] });
    const view = await threadOf('sms', 'ICE at the bus stop, 3 agents');
    const at = freshBase();
    const body = {
      location: { type: 'Point', coordinates: at },
      observedAt: new Date(Date.now() - 60_000).toISOString(),
      size: { agents: 3 },
      notes: 'From the SMS thread',
    };
    const bad = await dispatcher.api.post(`/api/threads/${view.thread.id}/sighting`, { ...body, location: { type: 'Point', coordinates: [400, 0] } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('location');
    const created = await expectOk<SightingView>(dispatcher.api.post(`/api/threads/${view.thread.id}/sighting`, body), 201);
    expect(created.sighting).toMatchObject({ channel: 'sms', notes: 'From the SMS thread' });
    const after = await expectOk<ThreadView>(dispatcher.api.get(`/api/threads/${view.thread.id}`));
    expect(after.thread).toMatchObject({ sightingId: created.sighting.id, incidentId: created.sighting.incidentId });
    const timeline = await expectOk<TimelineEntry[]>(dispatcher.api.get(`/api/incidents/${created.sighting.incidentId}/timeline`));
    expect(timeline.find((e) => e.kind === 'thread')).toMatchObject({ detail: { threadId: view.thread.id, channel: 'sms' } });
    expect(timeline.some((e) => e.kind === 'media')).toBe(true);
    expect((await dispatcher.api.post(`/api/threads/${view.thread.id}/sighting`, body)).status).toBe(409);
  });

  it('deletes quiet threads after SENDER_RETENTION_DAYS', async () => {
    const from = number();
    await twilio.inbound({ from, body: 'old thread' });
    const view = await threadOf('sms', 'old thread');
    await t.db.query(`UPDATE threads SET last_message_at = now() - interval '8 days' WHERE id = $1`, [view.thread.id]);
    await t.app.get(RetentionService).run();
    expect((await dispatcher.api.get(`/api/threads/${view.thread.id}`)).status).toBe(404);
    expect((await t.db.query('SELECT count(*)::int AS n FROM thread_messages WHERE thread_id = $1', [view.thread.id])).rows[0].n).toBe(0);
  });
});

/**
 * A stop that begins while a webhook is in flight: the HTTP server stops listening, the request finishes, and the
 * work that follows its commit (the first reply to a new sender, sent and then recorded) still meets an open
 * database — the shutdown hook that ends the pool (TypeORM's) runs after it.
 */
describe('a webhook answered while the app stops', () => {
  let t: TestApp;
  let twilio: TwilioStub;
  beforeAll(async () => {
    twilio = await startTwilioStub();
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0' }, { stubs: { twilio } });
  });
  afterAll(async () => {
    await t.close();
    await twilio.close();
  });

  it('still sends and records the first reply', async () => {
    const from = number();
    const port = Number(new URL(t.baseUrl).port);
    const refused = () =>
      new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.once('error', () => resolve(true));
      });
    // The webhook waits on a lock the test holds: a new thread cannot be inserted.
    const lock = await t.db.connect();
    await lock.query(`BEGIN; LOCK TABLE threads IN SHARE ROW EXCLUSIVE MODE`);
    const answered = twilio.inbound({ from, body: 'Agents on 5th and Pine' });
    await waitFor('the webhook to wait on the lock', async () => (await lock.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`)).rows[0].n > 0);
    const stopping = t.stopApp();
    await waitFor('the server to stop listening', refused);
    await lock.query('ROLLBACK');
    lock.release();
    expect((await answered).status).toBe(200);
    await stopping;

    expect(twilio.sent.items.filter((s) => s.to === from)).toHaveLength(1);
    const { rows } = await t.db.query(
      `SELECT m.direction, m.channel_message_id IS NOT NULL AS recorded FROM thread_messages m JOIN threads th ON th.id = m.thread_id
        WHERE m.direction = 'out' AND th.created_at > now() - interval '1 minute'`,
    );
    expect(rows).toEqual([{ direction: 'out', recorded: true }]);
  });
});
