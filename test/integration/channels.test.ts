import { ChannelsService } from '../../apps/api/src/channels/channels.service.js';
import { DeliveryReported, OptOutChanged } from '../../apps/api/src/channels/channels.events.js';
import type { InboundMessage } from '../../apps/api/src/channels/channel.types.js';
import { Mailer } from '../../apps/api/src/channels/mailer.js';
import { RetentionService } from '../../apps/api/src/retention/retention.service.js';
import { TestClock } from 'pg-boss';
import { Recorder, startSmtpSink, startTelegramStub, startTwilioStub, type SmtpSink, type TelegramStub, type TwilioStub } from '../support/stubs/index.js';
import { expectOk, nextEvent, TestApp } from '../support/test-app.js';

const DAY = 86_400_000;
let n = 0;
/** A number nobody else in this file uses. */
const number = () => `+1555020${String(++n).padStart(4, '0')}`;

/** The shared channel layer, driven as the providers would: signed Twilio webhooks, Telegram updates with the secret. */
describe('channels', () => {
  let t: TestApp;
  let twilio: TwilioStub;
  let telegram: TelegramStub;
  let smtp: SmtpSink;
  let clock: TestClock;
  /** What reaches the handlers after the built-in keywords (a handler of this test, just before the threads). */
  const handled = new Recorder<InboundMessage>();

  beforeAll(async () => {
    [twilio, telegram, smtp] = await Promise.all([startTwilioStub(), startTelegramStub(), startSmtpSink()]);
    clock = new TestClock(Date.now());
    t = await TestApp.start({}, { clock, stubs: { twilio, telegram, smtp } });
    t.app.get(ChannelsService).registerInbound({
      name: 'test-observer',
      priority: 999,
      handle: (msg) => {
        handled.push(msg);
        return Promise.resolve(true);
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([twilio.close(), telegram.close(), smtp.close()]);
  });

  const inboundRows = async (id: string) => (await t.db.query('SELECT 1 FROM channel_inbound WHERE provider_message_id = $1', [id])).rowCount;

  it('takes a signed SMS, answers empty TwiML, and hands it to the handlers with a stable address hash', async () => {
    const from = number();
    const res = await twilio.inbound({ from, body: 'ICE at 5th and Main, two vans' });
    expect(res.status).toBe(200);
    expect(res.contentType).toContain('text/xml');
    expect(res.text).toContain('<Response>');
    const msg = await handled.next((m) => m.providerMessageId === res.sid);
    expect(msg).toMatchObject({ channel: 'sms', address: from, text: 'ICE at 5th and Main, two vans', language: null, location: null });
    expect(msg.addressHash).toBe(t.app.get(ChannelsService).addressHash('sms', from));
    expect(msg.addressHash).not.toContain(from.slice(1));
  });

  it('processes a provider message id once: replays and concurrent retries create nothing twice', async () => {
    const from = number();
    const first = await twilio.inbound({ from, body: 'first' });
    const again = await twilio.inbound({ from, body: 'first', sid: first.sid });
    const burst = await Promise.all(Array.from({ length: 6 }, () => twilio.inbound({ from, body: 'burst', sid: `SM${'ab'.repeat(16)}` })));
    expect([first, again, ...burst].every((r) => r.status === 200)).toBe(true);
    await handled.next((m) => m.providerMessageId === `SM${'ab'.repeat(16)}`);
    expect(handled.items.filter((m) => m.providerMessageId === first.sid)).toHaveLength(1);
    expect(handled.items.filter((m) => m.providerMessageId === `SM${'ab'.repeat(16)}`)).toHaveLength(1);
  });

  it('refuses forged and unsigned Twilio webhooks with 403 and stores nothing', async () => {
    const forged = await twilio.inbound({ from: number(), body: 'forged' }, { signature: 'forged' });
    const unsigned = await twilio.inbound({ from: number(), body: 'unsigned' }, { signature: 'missing' });
    expect(forged.status).toBe(403);
    expect(unsigned.status).toBe(403);
    expect(await inboundRows(forged.sid)).toBe(0);
    expect(await inboundRows(unsigned.sid)).toBe(0);
    expect(handled.items.some((m) => m.providerMessageId === forged.sid || m.providerMessageId === unsigned.sid)).toBe(false);
  });

  it('refuses Telegram updates with a wrong or missing secret token (403, nothing stored), takes the right one', async () => {
    const wrong = await telegram.message(5001, { text: 'hola' }, { secret: 'not-the-secret-token-at-all' });
    const missing = await telegram.message(5001, { text: 'hola' }, { secret: null });
    expect(wrong.status).toBe(403);
    expect(missing.status).toBe(403);
    expect((await t.db.query(`SELECT 1 FROM channel_inbound WHERE channel = 'telegram'`)).rowCount).toBe(0);
    const right = await telegram.message(5001, { text: 'hay agentes en el parque', languageCode: 'es' });
    expect(right.status).toBe(200);
    const msg = await handled.next((m) => m.channel === 'telegram' && m.text === 'hay agentes en el parque');
    expect(msg).toMatchObject({ address: '5001', language: 'es' });
    // Telegram retries the same update: nothing twice.
    expect((await telegram.update(right.update)).status).toBe(200);
    expect(handled.items.filter((m) => m.text === 'hay agentes en el parque')).toHaveLength(1);
  });

  it('carries Telegram locations, venues and photos', async () => {
    await telegram.message(5002, { venue: { lat: 41.88, lng: -87.63, title: 'Parque', address: 'Main St 5' } });
    const venue = await handled.next((m) => m.address === '5002' && m.location !== null);
    expect(venue.location).toEqual({ lat: 41.88, lng: -87.63, name: 'Parque, Main St 5' });
    const photo = Buffer.from('not really a jpeg');
    await telegram.message(5002, { photo, caption: 'la van' });
    const withPhoto = await handled.next((m) => m.address === '5002' && m.media.length === 1);
    expect(withPhoto.text).toBe('la van');
    expect((await withPhoto.media[0]!.fetch()).equals(photo)).toBe(true);
  });

  it('fetches WhatsApp media from Twilio with the account credentials', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const url = twilio.addMedia(bytes, 'image/jpeg');
    const res = await twilio.inbound({ from: number(), whatsapp: true, body: '', media: [{ url, contentType: 'image/jpeg' }] });
    const msg = await handled.next((m) => m.providerMessageId === res.sid);
    expect(msg.channel).toBe('whatsapp');
    expect(msg.media[0]!.contentType).toBe('image/jpeg');
    expect((await msg.media[0]!.fetch()).equals(bytes)).toBe(true);
  });

  it('honours STOP alone (confirmed once), not "stop" inside a sentence, and START brings the sender back', async () => {
    const from = number();
    const changed = nextEvent(t.app, OptOutChanged, 5000);
    await twilio.inbound({ from, body: 'STOP' });
    expect((await changed).optedOut).toBe(true);
    const confirmation = await twilio.sent.next((s) => s.to === from);
    expect(confirmation.body).toContain('START');
    await twilio.inbound({ from, body: ' stop. ' });
    const sentence = await twilio.inbound({ from, body: 'we have to stop this' });
    await handled.next((m) => m.providerMessageId === sentence.sid);
    expect(twilio.sent.items.filter((s) => s.to === from)).toHaveLength(1);
    const channels = t.app.get(ChannelsService);
    expect(await channels.isOptedOut('sms', from)).toBe(true);
    const refused = await channels.send({ channel: 'sms', address: from, text: 'are you safe?', ref: `test:${from}` });
    expect(refused).toMatchObject({ status: 'failed', errorCode: 'opted-out', providerMessageId: null });
    await expect(channels.deliver({ channel: 'sms', address: from, text: 'alert' })).rejects.toMatchObject({ code: 'opted-out' });

    await twilio.inbound({ from, body: 'start' });
    await twilio.sent.next((s) => s.to === from && s.body.includes('STOP'));
    expect(await channels.isOptedOut('sms', from)).toBe(false);
  });

  it('answers the Spanish words in Spanish, and AYUDA still reaches the dispatcher', async () => {
    const from = number();
    await twilio.inbound({ from, body: 'Baja' });
    expect((await twilio.sent.next((s) => s.to === from)).body).toMatch(/No recibirá más mensajes/);
    await twilio.inbound({ from, body: 'ALTA' });
    await twilio.sent.next((s) => s.to === from && s.body.startsWith('Volverá'));
    const help = await twilio.inbound({ from, body: 'ayuda' });
    await twilio.sent.next((s) => s.to === from && s.body.startsWith('Esta es la línea'));
    expect((await handled.next((m) => m.providerMessageId === help.sid)).text).toBe('ayuda');
  });

  it('records a sent message once per ref and follows its status callbacks forward, never back', async () => {
    const to = number();
    const channels = t.app.get(ChannelsService);
    const sent = await channels.send({ channel: 'whatsapp', address: to, text: 'Gracias. ¿Dónde está?', ref: `test:status:${to}` });
    expect(sent.status).toBe('queued');
    const again = await channels.send({ channel: 'whatsapp', address: to, text: 'Gracias. ¿Dónde está?', ref: `test:status:${to}` });
    expect(again.id).toBe(sent.id);
    const onStub = await twilio.sent.next((s) => s.to === `whatsapp:${to}`);
    expect(twilio.sent.items.filter((s) => s.to === `whatsapp:${to}`)).toHaveLength(1);
    expect(onStub.from).toBe(`whatsapp:${twilio.whatsappNumber}`);
    expect(onStub.statusCallback).toBe('https://hotline.centinela.test/api/webhooks/twilio/status');
    const row = async () => (await t.db.query('SELECT status, error_code, recipient FROM channel_messages WHERE id = $1', [sent.id])).rows[0];
    expect((await row()).recipient.toString('latin1')).not.toContain(to);

    const delivered = nextEvent(t.app, DeliveryReported, 5000);
    expect((await twilio.status(onStub, 'delivered')).status).toBe(204);
    expect(await delivered).toMatchObject({ providerMessageId: onStub.sid, status: 'delivered', errorCode: null, messageId: sent.id });
    await twilio.status(onStub, 'sent');
    expect((await row()).status).toBe('delivered');
    await twilio.status(onStub, 'undelivered', '63016');
    expect(await row()).toMatchObject({ status: 'undelivered', error_code: '63016' });
    expect((await twilio.status(onStub, 'read')).status).toBe(204);
    expect((await twilio.post('/api/webhooks/twilio/status', { MessageSid: onStub.sid, MessageStatus: 'failed' }, { signature: 'forged' })).status).toBe(403);
  });

  it('records the provider error code when a send is refused, and retries nothing by itself', async () => {
    const to = number();
    twilio.failNext(400, 21610);
    const refused = await t.app.get(ChannelsService).send({ channel: 'sms', address: to, text: 'hello', ref: `test:fail:${to}` });
    expect(refused).toMatchObject({ status: 'failed', errorCode: '21610', providerMessageId: null });
    twilio.failNext(429);
    await expect(t.app.get(ChannelsService).deliver({ channel: 'sms', address: to, text: 'alert' })).rejects.toMatchObject({ status: 429, retryable: true });
  });

  it('delivers in bulk without rows of ours; status callbacks still come back as DeliveryReported', async () => {
    const to = number();
    const before = (await t.db.query('SELECT count(*)::int AS n FROM channel_messages')).rows[0].n;
    const { providerMessageId } = await t.app.get(ChannelsService).deliver({ channel: 'sms', address: to, text: 'Alert: checkpoint on Main St' });
    expect((await t.db.query('SELECT count(*)::int AS n FROM channel_messages')).rows[0].n).toBe(before);
    const reported = nextEvent(t.app, DeliveryReported, 5000);
    await twilio.status({ sid: providerMessageId, to }, 'failed', '30006');
    expect(await reported).toMatchObject({ providerMessageId, channel: 'sms', status: 'failed', errorCode: '30006', messageId: null });
  });

  it('sends Telegram messages with inline keyboards', async () => {
    const sent = await t.app
      .get(ChannelsService)
      .send({ channel: 'telegram', address: '5003', text: 'Choose', ref: 'test:tg:1', buttons: [[{ text: 'Español', data: 'lang:es' }]] });
    expect(sent.status).toBe('sent');
    const onStub = await telegram.sent.next((s) => s.chatId === '5003');
    expect(onStub.params.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Español', callback_data: 'lang:es' }]] });
    await telegram.press(5003, 'lang:es', 'es');
    expect((await handled.next((m) => m.address === '5003' && m.callbackData === 'lang:es')).language).toBe('es');
  });

  it('gives coordinators the webhook URLs, checks the configuration through the SDKs, sets the Telegram webhook, places a test call and sends a test message', async () => {
    const coordinator = (await t.asCoordinator()).api;
    const settings = await expectOk(coordinator.get('/api/settings/channels'));
    expect(settings.webhooks).toEqual({
      messages: 'https://hotline.centinela.test/api/webhooks/twilio/messages',
      status: 'https://hotline.centinela.test/api/webhooks/twilio/status',
      voice: 'https://hotline.centinela.test/api/webhooks/twilio/voice',
      telegram: 'https://hotline.centinela.test/api/webhooks/telegram',
    });
    expect(settings.channels).toMatchObject({ sms: { enabled: true, number: twilio.phoneNumber }, telegram: { enabled: true }, email: { enabled: true } });
    expect(JSON.stringify(settings)).not.toContain(twilio.authToken);

    let check = await expectOk(coordinator.post('/api/settings/channels/check', {}));
    expect(check.twilio).toMatchObject({ ok: true, detail: 'credentials valid; numbers owned; webhooks set' });
    expect(check.telegram).toMatchObject({ ok: false, username: 'centinela_test_bot', detail: 'webhook not set' });
    const set = await expectOk(coordinator.post('/api/settings/channels/telegram-webhook', {}));
    expect(set).toMatchObject({ ok: true, webhookUrl: 'https://hotline.centinela.test/api/webhooks/telegram' });
    expect(telegram.webhook).toEqual({ url: 'https://hotline.centinela.test/api/webhooks/telegram', secretToken: telegram.secret });

    twilio.owned = [twilio.phoneNumber];
    check = await expectOk(coordinator.post('/api/settings/channels/check', {}));
    expect(check.twilio).toMatchObject({ ok: false, detail: expect.stringContaining(twilio.whatsappNumber) });
    twilio.owned = [twilio.phoneNumber, twilio.whatsappNumber];
    // The number still sends its calls to the old Google Voice forwarder: named, with the URL to set.
    twilio.numberUrls.set(twilio.phoneNumber, {
      voiceUrl: 'https://old-forwarder.example/voice',
      smsUrl: 'https://hotline.centinela.test/api/webhooks/twilio/messages',
    });
    check = await expectOk(coordinator.post('/api/settings/channels/check', {}));
    expect(check.twilio).toMatchObject({
      ok: false,
      detail: `${twilio.phoneNumber}: its voice URL is https://old-forwarder.example/voice, not https://hotline.centinela.test/api/webhooks/twilio/voice`,
    });
    twilio.numberUrls.clear();

    const phone = number();
    expect(await expectOk(coordinator.post('/api/settings/channels/test-call', { to: phone }))).toEqual({ status: 'queued', errorCode: null });
    const placed = await twilio.calls.next((c) => c.path.endsWith('/Calls.json') && c.params.To === phone);
    expect(placed.params).toMatchObject({ From: twilio.phoneNumber });
    expect(String(placed.params.Twiml)).toContain('This is a test call from the Centinela hotline settings.');
    const badCall = await coordinator.post('/api/settings/channels/test-call', { to: '911' });
    expect(badCall.status).toBe(400);
    expect(badCall.body.issues).toEqual([{ path: 'to', message: 'must be an E.164 number such as +15551234567', code: 'invalidFormat' }]);

    const to = number();
    expect(await expectOk(coordinator.post('/api/settings/channels/test-message', { channel: 'sms', to }))).toMatchObject({
      status: 'queued',
      errorCode: null,
    });
    expect((await twilio.sent.next((s) => s.to === to)).body).toContain('test message');
    const bad = await coordinator.post('/api/settings/channels/test-message', { channel: 'sms', to: '555-1234' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('to');
    const dispatcher = await t.account('dispatcher');
    expect((await dispatcher.api.get('/api/settings/channels')).status).toBe(403);
  });

  it('sends email through SMTP', async () => {
    expect(await t.app.get(Mailer).send({ to: 'operator@centinela.test', subject: 'Missed call', text: 'A call was missed at 07:10.' })).toBe(true);
    const mail = await smtp.mail.next((m) => m.to.includes('operator@centinela.test'));
    expect(mail.raw).toContain('Missed call');
  });

  it('forgets recipients and processed ids after SENDER_RETENTION_DAYS, and destroys their keys', async () => {
    const to = number();
    const stopper = number();
    await twilio.inbound({ from: stopper, body: 'STOP' });
    await twilio.sent.next((s) => s.to === stopper);
    await t.app.get(ChannelsService).send({ channel: 'sms', address: to, text: 'hello', ref: `test:retention:${to}` });
    const keyId = (await t.db.query('SELECT sealed_key FROM channel_messages WHERE ref = $1', [`test:retention:${to}`])).rows[0].sealed_key as string;
    expect(keyId).toMatch(/^sender\//);
    await clock.setTime(clock.now() + 9 * DAY);
    const run = await t.app.get(RetentionService).run();
    expect((await t.db.query('SELECT count(*)::int AS n FROM channel_messages')).rows[0].n).toBe(0);
    expect((await t.db.query('SELECT count(*)::int AS n FROM channel_inbound')).rows[0].n).toBe(0);
    expect(run.keysDestroyed).toContain(keyId);
    // Opt-outs stay: a hash, kept until the sender opts back in.
    expect(await t.app.get(ChannelsService).isOptedOut('sms', stopper)).toBe(true);
  });
});

describe('channels with no provider configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('is off: webhooks refuse, sends fail as channel-off, everything else works', async () => {
    const channels = t.app.get(ChannelsService);
    expect(['sms', 'whatsapp', 'telegram'].map((c) => channels.enabled(c as 'sms'))).toEqual([false, false, false]);
    expect((await t.api.post('/api/webhooks/twilio/messages', { MessageSid: `SM${'0'.repeat(32)}` })).status).toBe(403);
    expect((await t.api.post('/api/webhooks/telegram', { update_id: 1 })).status).toBe(403);
    expect(await channels.send({ channel: 'sms', address: '+15550000000', text: 'x', ref: 'off:1' })).toMatchObject({
      status: 'failed',
      errorCode: 'channel-off',
    });
    expect((await t.api.get('/api/health')).status).toBe(200);
    const coordinator = (await t.asCoordinator()).api;
    const settings = await expectOk(coordinator.get('/api/settings/channels'));
    expect(settings).toMatchObject({
      publicUrl: null,
      webhooks: null,
      channels: { sms: { enabled: false }, telegram: { enabled: false }, email: { enabled: false } },
    });
    expect(await expectOk(coordinator.post('/api/settings/channels/check', {}))).toEqual({ twilio: null, telegram: null });
  });
});
