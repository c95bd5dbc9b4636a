import { createHash, randomUUID } from 'node:crypto';
import type { AlertEstimate, AlertImage, AlertSignupChannels, AlertView } from '@centinela/contracts';
import sharp from 'sharp';
import { AlertImages } from '../../apps/api/src/alerts/alert-images.js';
import { FanOut } from '../../apps/api/src/alerts/fan-out.js';
import { ChannelsService } from '../../apps/api/src/channels/channels.service.js';
import { freshBase, squareAround } from '../support/geo.js';
import { startTelegramStub, startTwilioStub, type TelegramStub, type TwilioStub } from '../support/stubs/index.js';
import { jpegWithGps, pngImage, upload } from '../support/photos.js';
import { expectOk, type TestAccount, TEST_PUBLIC_URL, TestApp } from '../support/test-app.js';

let n = 0;
/** A number nobody else in this file uses. */
const number = () => `+1555030${String(++n).padStart(4, '0')}`;
const chat = () => 7_000_000 + ++n;

/**
 * Sign-up and STOP on SMS, WhatsApp and Telegram, and the fan-out to the stub providers: rates, a 429 retried,
 * no duplicates, status callbacks with the provider's codes, one post to the public Telegram channel.
 */
describe('community alerts on SMS, WhatsApp and Telegram', () => {
  let t: TestApp;
  let twilio: TwilioStub;
  let telegram: TelegramStub;
  let author: TestAccount;
  let approver: TestAccount;
  let zone: { id: string; name: string };

  beforeAll(async () => {
    [twilio, telegram] = await Promise.all([startTwilioStub(), startTelegramStub()]);
    t = await TestApp.start({ TELEGRAM_CHANNEL_ID: '@centinela_alerts', ALERT_TWILIO_MESSAGES_PER_SECOND: '50' }, { stubs: { twilio, telegram } });
    author = await t.account('dispatcher');
    approver = await t.account('dispatcher');
    zone = await t.zone(squareAround(freshBase(), 500), 'Pilsen 60608');
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([twilio.close(), telegram.close()]);
  });

  const subscriber = async (channel: string, hash: string) =>
    (await t.db.query(`SELECT state, zone_ids AS "zoneIds", language, source FROM alert_subscribers WHERE channel = $1 AND address_hash = $2`, [channel, hash]))
      .rows[0] ?? null;
  const hashOf = (channel: 'sms' | 'whatsapp' | 'telegram', address: string) => t.app.get(ChannelsService).addressHash(channel, address);

  async function sendAlert(body: Record<string, unknown>): Promise<AlertView> {
    const created = await expectOk<AlertView>(author.api.post('/api/alerts', body), 201);
    const asked = await expectOk<AlertView>(author.api.post(`/api/alerts/${created.alert.id}/approval-request`, {}));
    return expectOk<AlertView>(approver.api.post(`/api/alerts/${created.alert.id}/approve`, { hash: asked.alert.approval!.hash }));
  }
  async function settled(id: string): Promise<AlertView> {
    const log = await t.socket(author);
    const now = await expectOk<AlertView>(author.api.get(`/api/alerts/${id}`));
    if (now.alert.status === 'sent') return now;
    await log.next('alert.updated', (v) => v.alert.id === id && v.alert.status === 'sent', 15_000);
    return expectOk<AlertView>(author.api.get(`/api/alerts/${id}`));
  }

  it('signs up by SMS keyword and area, answering in Spanish; STOP deletes the subscription', async () => {
    const from = number();
    await twilio.inbound({ from, body: 'ALERTAS pilsen 60608' });
    const reply = await twilio.sent.next((m) => m.to === from);
    expect(reply.body).toBe('Recibirá alertas comunitarias para Pilsen 60608. Responda ALTO para dejar de recibirlas.');
    expect(await subscriber('sms', hashOf('sms', from))).toMatchObject({ state: 'active', zoneIds: [zone.id], language: 'es', source: 'sms' });
    await twilio.inbound({ from, body: 'STOP' });
    await waitFor(async () => (await subscriber('sms', hashOf('sms', from))) === null);
  });

  it('asks for the area when the keyword comes alone, then takes a ZIP code as the answer', async () => {
    const from = number();
    await twilio.inbound({ from, body: 'ALERTS' });
    expect((await twilio.sent.next((m) => m.to === from)).body).toMatch(
      /^Which area\? Reply ALERTS and your neighbourhood or ZIP code\. Areas: .*Pilsen 60608/,
    );
    expect(await subscriber('sms', hashOf('sms', from))).toMatchObject({ state: 'pending', language: 'en' });
    twilio.sent.clear();
    await twilio.inbound({ from, body: '60608' });
    expect((await twilio.sent.next((m) => m.to === from)).body).toBe('You will get community alerts for Pilsen 60608. Reply STOP to stop.');
    expect(await subscriber('sms', hashOf('sms', from))).toMatchObject({ state: 'active', zoneIds: [zone.id] });
  });

  it('signs up on WhatsApp, names an unknown area, and BAJA deletes it', async () => {
    const from = number();
    await twilio.inbound({ from, body: 'ALERTS Atlantis', whatsapp: true });
    expect((await twilio.sent.next((m) => m.to === `whatsapp:${from}`)).body).toMatch(/^We do not know the area "Atlantis"/);
    await twilio.inbound({ from, body: 'alerts Pilsen 60608', whatsapp: true });
    await twilio.sent.next((m) => m.to === `whatsapp:${from}` && m.body.startsWith('You will get'));
    expect(await subscriber('whatsapp', hashOf('whatsapp', from))).toMatchObject({ state: 'active', language: 'en' });
    await twilio.inbound({ from, body: 'BAJA', whatsapp: true });
    await waitFor(async () => (await subscriber('whatsapp', hashOf('whatsapp', from))) === null);
  });

  it('signs up on Telegram with /alerts and buttons for the area and the language; STOP removes it', async () => {
    const id = chat();
    await telegram.message(id, { text: '/alerts', languageCode: 'es' });
    const menu = await telegram.sent.next((m) => m.chatId === String(id));
    expect(menu.text).toBe('Elija las zonas de las que quiere recibir alertas:');
    expect(JSON.stringify(menu.params.reply_markup)).toContain(`alerts:z:${zone.id}`);
    await telegram.press(id, `alerts:z:${zone.id}`, 'es');
    const languages = await telegram.sent.next((m) => m.chatId === String(id) && m.text.includes('Pilsen'));
    expect(JSON.stringify(languages.params.reply_markup)).toContain('alerts:l:vi');
    await telegram.press(id, 'alerts:l:vi');
    await telegram.sent.next((m) => m.chatId === String(id) && m.text.startsWith('Bạn sẽ nhận'));
    expect(await subscriber('telegram', hashOf('telegram', String(id)))).toMatchObject({ state: 'active', zoneIds: [zone.id], language: 'vi' });
    await telegram.message(id, { text: 'STOP' });
    await waitFor(async () => (await subscriber('telegram', hashOf('telegram', String(id)))) === null);
  });

  it('fans out to every channel once, retries a 429, records callbacks with codes, and posts once to the channel', async () => {
    const own = await t.zone(squareAround(freshBase(), 500), `Fan Zone ${Date.now()}`);
    const phones = [number(), number(), number()];
    const csv = [
      'channel,address,areas,language',
      ...phones.map((p, i) => `sms,${p},${own.name},${i === 0 ? 'es' : 'en'}`),
      `telegram,${chat()},${own.name},en`,
    ].join('\n');
    const coordinator = await t.asCoordinator();
    expect((await expectOk(coordinator.api.post('/api/alerts/subscriptions/import', { csv, consentConfirmed: true }))).imported).toBe(4);
    twilio.sent.clear();
    telegram.sent.clear();
    twilio.failNext(429); // the first send is refused: it goes back to the queue and is sent on a later try
    const sent = await sendAlert({
      type: 'incident',
      audience: { kind: 'zones', zoneIds: [own.id] },
      channels: ['sms', 'telegram'],
      variants: [
        { language: 'en', title: 'ICE confirmed', text: 'CONFIRMED: ICE at 18th & Blue Island. Avoid the area.' },
        { language: 'es', title: 'ICE confirmado', text: 'CONFIRMADO: ICE en 18th y Blue Island. Evite la zona.' },
      ],
    });
    const done = await settled(sent.alert.id);
    expect(done.deliveries.counts.reduce((sum, c) => sum + c.count, 0)).toBe(4);
    expect(done.deliveries.counts.filter((c) => c.status === 'sent').reduce((sum, c) => sum + c.count, 0)).toBe(4);
    const smsTo = twilio.sent.items.filter((m) => phones.includes(m.to));
    expect(smsTo.map((m) => m.to).sort()).toEqual([...phones].sort()); // each once, despite the 429
    expect(smsTo.find((m) => m.to === phones[0])!.body).toBe('CONFIRMADO: ICE en 18th y Blue Island. Evite la zona.');
    const post = await telegram.sent.next((m) => m.chatId === '@centinela_alerts');
    expect(post.text).toContain('ICE confirmed');
    expect(telegram.sent.items.filter((m) => m.chatId === '@centinela_alerts')).toHaveLength(1);

    const failed = smsTo.find((m) => m.to === phones[1])!;
    const delivered = smsTo.find((m) => m.to === phones[2])!;
    await twilio.status(failed, 'undelivered', '30007');
    await twilio.status(delivered, 'delivered');
    const log = await t.socket(author);
    const counts = await log.next(
      'alert.deliveries',
      (c) => c.alertId === sent.alert.id && c.failures.some((f) => f.errorCode === '30007') && c.counts.some((x) => x.status === 'delivered'),
      10_000,
    );
    expect(counts.failures).toEqual([{ channel: 'sms', errorCode: '30007', count: 1 }]);
    expect(counts.channelPost.status).toBe('posted');

    // The live counts are sums of what each statement changed; the sweeper folds them to one row per group, and
    // the counts read the same before and after, and the same as counting the rows.
    const tallies = async () =>
      (await t.db.query('SELECT count(*)::int AS n FROM alert_delivery_tallies WHERE alert_id = $1', [sent.alert.id])).rows[0].n as number;
    const before = await expectOk<{ counts: unknown[] }>(author.api.get(`/api/alerts/${sent.alert.id}/deliveries`));
    expect(await tallies()).toBeGreaterThan(4);
    await t.app.get(FanOut).sweep();
    const rows = await t.db.query(
      `SELECT channel, language, status, count(*)::int AS count FROM alert_deliveries WHERE alert_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [sent.alert.id],
    );
    const groups = await t.db.query(`SELECT DISTINCT channel, language, status, error_code FROM alert_deliveries WHERE alert_id = $1`, [sent.alert.id]);
    expect(await tallies()).toBe(groups.rows.length);
    const after = await expectOk<{ counts: unknown[] }>(author.api.get(`/api/alerts/${sent.alert.id}/deliveries`));
    expect(after.counts).toEqual(before.counts);
    expect(after.counts).toEqual(rows.rows);
  });

  it('posts to the public channel only while the alert goes out: a pause holds the post back until the send resumes', async () => {
    const own = await t.zone(squareAround(freshBase(), 500), `Held Zone ${Date.now()}`);
    const coordinator = await t.asCoordinator();
    const csv = ['channel,address,areas,language', `sms,${number()},${own.name},en`].join('\n');
    expect((await expectOk(coordinator.api.post('/api/alerts/subscriptions/import', { csv, consentConfirmed: true }))).imported).toBe(1);
    // Twilio's shared pace has no slot for a while: the approved alert stays `sending` until it is paused.
    await t.db.query(
      `INSERT INTO alert_send_windows (provider, next_at_ms) VALUES ('twilio', $1) ON CONFLICT (provider) DO UPDATE SET next_at_ms = EXCLUDED.next_at_ms`,
      [Date.now() + 6_000],
    );
    const title = `Held ${Date.now()}`;
    try {
      const sent = await sendAlert({
        type: 'know_your_rights',
        audience: { kind: 'zones', zoneIds: [own.id] },
        channels: ['sms'],
        variants: [{ language: 'en', title, text: 'You have the right to remain silent.' }],
        postToChannel: false,
      });
      const id = sent.alert.id;
      await expectOk(author.api.post(`/api/alerts/${id}/pause`, {}));
      // The channel post's job comes due while the alert is paused (as when a pause lands before the job runs).
      await t.db.query(`UPDATE alerts SET post_to_channel = true WHERE id = $1`, [id]);
      await t.app.get(FanOut).postToChannel(id);
      expect((await t.db.query(`SELECT channel_post FROM alerts WHERE id = $1`, [id])).rows[0].channel_post).toBe('none');
      expect(telegram.sent.items.filter((m) => m.chatId === '@centinela_alerts' && m.text.includes(title))).toEqual([]);
      await t.db.query(`UPDATE alert_send_windows SET next_at_ms = 0 WHERE provider = 'twilio'`);
      await expectOk(author.api.post(`/api/alerts/${id}/resume`, {}));
      expect((await telegram.sent.next((m) => m.chatId === '@centinela_alerts' && m.text.includes(title), 10_000)).text).toContain(title);
    } finally {
      await t.db.query(`UPDATE alert_send_windows SET next_at_ms = 0 WHERE provider = 'twilio'`);
    }
  });
  it('sends Telegram one message at a time: the one in flight is the only one sending, and the counts match the rows', async () => {
    const own = await t.zone(squareAround(freshBase(), 500), `Turn Zone ${Date.now()}`);
    const chats = Array.from({ length: 6 }, () => String(chat()));
    const csv = ['channel,address,areas,language', ...chats.map((c) => `telegram,${c},${own.name},en`)].join('\n');
    const coordinator = await t.asCoordinator();
    expect((await expectOk(coordinator.api.post('/api/alerts/subscriptions/import', { csv, consentConfirmed: true }))).imported).toBe(chats.length);
    const release = telegram.hold();
    const sent = await sendAlert({
      type: 'know_your_rights',
      audience: { kind: 'zones', zoneIds: [own.id] },
      channels: ['telegram'],
      postToChannel: false,
      variants: [{ language: 'en', title: 'Know your rights', text: 'Do not open the door: ask for a warrant signed by a judge.' }],
    });
    const statuses = async () =>
      Object.fromEntries(
        (await t.db.query(`SELECT status, count(*)::int AS n FROM alert_deliveries WHERE alert_id = $1 GROUP BY 1`, [sent.alert.id])).rows.map((r) => [
          r.status,
          r.n,
        ]),
      ) as Record<string, number>;
    try {
      // A worker killed now would leave one message whose fate nobody can learn (Telegram keeps no list), not six.
      await telegram.sent.next((m) => chats.includes(m.chatId));
      expect((await statuses()).sending).toBe(1);
    } finally {
      release();
    }
    await settled(sent.alert.id);
    expect(
      telegram.sent.items
        .filter((m) => chats.includes(m.chatId))
        .map((m) => m.chatId)
        .sort(),
    ).toEqual([...chats].sort());
    expect(await statuses()).toEqual({ sent: chats.length });
    // The live counts (sums of what each statement changed) equal the rows.
    const view = await expectOk<{ counts: unknown[] }>(author.api.get(`/api/alerts/${sent.alert.id}/deliveries`));
    expect(view.counts).toEqual([{ channel: 'telegram', language: 'en', status: 'sent', count: chats.length }]);
  });
});

describe('an image with an alert', () => {
  let t: TestApp;
  let twilio: TwilioStub;
  let telegram: TelegramStub;
  let author: TestAccount;
  let approver: TestAccount;

  beforeAll(async () => {
    [twilio, telegram] = await Promise.all([startTwilioStub(), startTelegramStub()]);
    t = await TestApp.start({ TELEGRAM_CHANNEL_ID: '@centinela_alerts', ALERT_TWILIO_MESSAGES_PER_SECOND: '50' }, { stubs: { twilio, telegram } });
    author = await t.account('dispatcher');
    approver = await t.account('dispatcher');
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([twilio.close(), telegram.close()]);
  });

  it('strips the image, shows it to staff only until it goes out, then sends it on WhatsApp, Telegram and the channel post — SMS stays text', async () => {
    const uploaded = await upload(`${t.baseUrl}/api/alerts/images`, author.token, await jpegWithGps(), 'image/jpeg');
    expect([uploaded.status, uploaded.body]).toEqual([201, expect.anything()]);
    const image = uploaded.body as AlertImage;
    expect(image).toMatchObject({ contentType: 'image/jpeg', width: 64, height: 48 });
    const staff = await fetch(`${t.baseUrl}/api/alerts/images/${image.id}`, { headers: { authorization: `Bearer ${author.token}` } });
    const bytes = Buffer.from(await staff.arrayBuffer());
    expect(staff.status).toBe(200);
    const metadata = await sharp(bytes).metadata();
    expect([metadata.format, metadata.exif, metadata.xmp, metadata.icc]).toEqual(['jpeg', undefined, undefined, undefined]);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(image.sha256);
    // Sealed in the database: the stored bytes are not the JPEG.
    const stored = (await t.db.query('SELECT data FROM alert_images WHERE id = $1', [image.id])).rows[0].data as Buffer;
    expect(stored.includes(bytes.subarray(0, 64))).toBe(false);
    const publicPath = `/api/alerts/feeds/images/${image.id}`;
    expect((await fetch(`${t.baseUrl}${publicPath}`)).status).toBe(404); // not out yet
    expect((await fetch(`${t.baseUrl}/api/alerts/images/${image.id}`)).status).toBe(401);

    const zone = await t.zone(squareAround(freshBase(), 500), `Image Zone ${Date.now()}`);
    const [sms, whatsapp, tg] = [number(), number(), chat()];
    const csv = ['channel,address,areas,language', `sms,${sms},${zone.name},en`, `whatsapp,${whatsapp},${zone.name},en`, `telegram,${tg},${zone.name},en`].join(
      '\n',
    );
    const coordinator = await t.asCoordinator();
    expect((await expectOk(coordinator.api.post('/api/alerts/subscriptions/import', { csv, consentConfirmed: true }))).imported).toBe(3);
    const draft = {
      type: 'meeting_point',
      audience: { kind: 'zones', zoneIds: [zone.id] },
      channels: ['sms', 'whatsapp', 'telegram'],
      variants: [{ language: 'en', title: 'Meeting point', text: 'Meet at the church on 18th St at 6 pm. Bring your documents.' }],
      imageId: image.id,
    };
    // With an image the text is a caption: Telegram and WhatsApp take 1024 characters.
    const long = await author.api.post('/api/alerts', { ...draft, variants: [{ ...draft.variants[0], text: 'x'.repeat(1100) }] });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).toMatch(/variants\.0\.text.*1024/);
    expect((await author.api.post('/api/alerts', { ...draft, imageId: randomUUID() })).status).toBe(400);

    const estimate = await expectOk<AlertEstimate>(
      author.api.post('/api/alerts/estimate', { audience: draft.audience, channels: draft.channels, variants: draft.variants, imageId: image.id }),
    );
    expect(estimate.imageChannels.sort()).toEqual(['telegram', 'whatsapp']);
    const created = await expectOk<AlertView>(author.api.post('/api/alerts', draft), 201);
    expect(created.alert.image).toEqual(image);
    twilio.sent.clear();
    telegram.sent.clear();
    const asked = await expectOk<AlertView>(author.api.post(`/api/alerts/${created.alert.id}/approval-request`, {}));
    await expectOk(approver.api.post(`/api/alerts/${created.alert.id}/approve`, { hash: asked.alert.approval!.hash }));

    const url = `${TEST_PUBLIC_URL}${publicPath}`;
    const toWhatsapp = await twilio.sent.next((m) => m.to === `whatsapp:${whatsapp}`);
    expect(toWhatsapp.mediaUrl).toEqual([url]);
    expect(toWhatsapp.body).toBe(draft.variants[0]!.text);
    expect((await twilio.sent.next((m) => m.to === sms)).mediaUrl).toEqual([]);
    const photo = await telegram.sent.next((m) => m.chatId === String(tg));
    expect([photo.method, photo.text, photo.params.photo]).toEqual(['sendPhoto', draft.variants[0]!.text, url]);
    const post = await telegram.sent.next((m) => m.chatId === '@centinela_alerts');
    expect([post.method, post.params.photo]).toEqual(['sendPhoto', url]);

    // Out: anyone (the providers) may fetch it now, the same bytes, cacheable for good.
    const released = await fetch(`${t.baseUrl}${publicPath}`);
    expect(released.status).toBe(200);
    expect(released.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await released.arrayBuffer()).equals(bytes)).toBe(true);
    const cap = await (await fetch(`${t.baseUrl}/api/alerts/feeds/cap/${created.alert.id}`)).text();
    expect(cap).toContain(`<resource><resourceDesc>Image</resourceDesc><mimeType>image/jpeg</mimeType><size>${image.bytes}</size><uri>${url}</uri></resource>`);
  });

  it('deletes for real an image no alert used, a day after its upload, and keeps the ones that went out', async () => {
    const unused = (await upload(`${t.baseUrl}/api/alerts/images`, author.token, await pngImage(), 'image/png')).body as AlertImage;
    // An image only on a draft cancelled before it was sent goes too; the draft forgets it.
    const other = (await upload(`${t.baseUrl}/api/alerts/images`, author.token, await jpegWithGps(), 'image/jpeg')).body as AlertImage;
    const draft = await expectOk<AlertView>(
      author.api.post('/api/alerts', {
        type: 'know_your_rights',
        audience: { kind: 'everyone' },
        channels: ['telegram'],
        variants: [{ language: 'en', title: 'Know your rights', text: 'You may remain silent.' }],
        imageId: other.id,
      }),
      201,
    );
    await expectOk(author.api.post(`/api/alerts/${draft.alert.id}/cancel`, {}));
    const rule = t.app.get(AlertImages).retentionRules()[0]!;
    expect(await rule.purge(Date.now())).toBe(0); // not a day old yet
    expect(await rule.purge(Date.now() + 2 * 86_400_000)).toBeGreaterThanOrEqual(2);
    const left = await t.db.query('SELECT id, (SELECT count(*)::int FROM alerts a WHERE a.image_id = i.id) AS used FROM alert_images i');
    expect(left.rows.map((r) => r.id)).not.toContain(unused.id);
    expect(left.rows.map((r) => r.id)).not.toContain(other.id);
    expect((await expectOk<AlertView>(author.api.get(`/api/alerts/${draft.alert.id}`))).alert.image).toBeNull();
    expect(left.rows.every((r) => r.used > 0)).toBe(true);
  });
});

describe('the pace of an alert at the provider', () => {
  let t: TestApp;
  let twilio: TwilioStub;
  let telegram: TelegramStub;
  beforeAll(async () => {
    [twilio, telegram] = await Promise.all([startTwilioStub(), startTelegramStub()]);
    t = await TestApp.start({ ALERT_TWILIO_MESSAGES_PER_SECOND: '10', ALERT_TELEGRAM_MESSAGES_PER_SECOND: '20' }, { stubs: { twilio, telegram } });
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([twilio.close(), telegram.close()]);
  });

  /**
   * How much of the rate the busiest second must at least hold, to show the pace is used: slots run 5 % under the
   * limit, and a burst that goes late (a loaded machine; the tests run two files at a time) takes a fresh slot and
   * leaves its own unused. A pacer at half its rate still fails.
   */
  const USED = 0.8;

  /** The most sends in any window of one second, not only calendar seconds. */
  const busiest = (times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    return Math.max(...sorted.map((from, i) => sorted.slice(i).filter((at) => at < from + 1000).length));
  };

  async function sendTo(channel: 'sms' | 'telegram', addresses: string[]): Promise<void> {
    const own = await t.zone(squareAround(freshBase(), 500), `Pace Zone ${channel} ${Date.now()}`);
    const csv = ['channel,address,areas,language', ...addresses.map((a) => `${channel},${a},${own.name},en`)].join('\n');
    const coordinator = await t.asCoordinator();
    expect((await expectOk(coordinator.api.post('/api/alerts/subscriptions/import', { csv, consentConfirmed: true }))).imported).toBe(addresses.length);
    const [author, approver] = [await t.account('dispatcher'), await t.account('dispatcher')];
    const created = await expectOk<AlertView>(
      author.api.post('/api/alerts', {
        type: 'know_your_rights',
        audience: { kind: 'zones', zoneIds: [own.id] },
        channels: [channel],
        postToChannel: false,
        variants: [{ language: 'en', title: 'Know your rights', text: 'You have the right to remain silent.' }],
      }),
      201,
    );
    const asked = await expectOk<AlertView>(author.api.post(`/api/alerts/${created.alert.id}/approval-request`, {}));
    await expectOk(approver.api.post(`/api/alerts/${created.alert.id}/approve`, { hash: asked.alert.approval!.hash }));
  }

  it('holds the configured Telegram rate with messages one at a time, whether the Bot API answers at once, slowly or unevenly', async () => {
    let n = 0;
    const uneven = () => (++n % 4 === 0 ? 30 : 0);
    for (const delayMs of [0, 80, uneven]) {
      // At 20/s a slot every ~50 ms, and up to 2 messages share one while the Bot API answers within the tolerance.
      // Answered at once, they go two by two; answered 80 ms later, one by one, each past the last one's slot and
      // taking a fresh one rather than going in a bunch; answered unevenly, pairs and single sends mix.
      telegram.delayMs = delayMs;
      const chats = Array.from({ length: 40 }, () => String(chat()));
      await sendTo('telegram', chats);
      for (const c of chats) await telegram.sent.next((m) => m.chatId === c, 15_000);
      const mine = telegram.sent.items.filter((m) => chats.includes(m.chatId));
      expect(mine).toHaveLength(chats.length);
      expect(busiest(mine.map((m) => m.at))).toBeLessThanOrEqual(20);
      if (delayMs === 0) expect(busiest(mine.map((m) => m.at))).toBeGreaterThanOrEqual(USED * 20); // and the pace is used
    }
    telegram.delayMs = 0;
  }, 45_000);

  it('holds the configured Twilio rate: no second at the provider holds more than 10 messages, and the pace is used', async () => {
    const phones = Array.from({ length: 35 }, () => number());
    await sendTo('sms', phones);
    for (const phone of phones) await twilio.sent.next((m) => m.to === phone, 10_000);
    const times = twilio.sent.items.filter((m) => phones.includes(m.to)).map((m) => m.createdAt.getTime());
    expect(times).toHaveLength(35);
    expect(busiest(times)).toBeLessThanOrEqual(10);
    expect(busiest(times)).toBeGreaterThanOrEqual(USED * 10);
  }, 20_000);
});

/** Polls a condition the app reaches after a webhook's response (bounded, no fixed sleeps). */
async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * The public page's other ways to sign up (GET /api/alerts/subscriptions/channels): the number to text, the WhatsApp
 * number, the bot and the public channel — only those set up, and nothing secret.
 */
describe('the ways to sign up the public page shows', () => {
  const started: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of started.reverse()) await s.close();
  });
  const channelsOf = async (t: TestApp) => {
    const response = await t.api.get('/api/alerts/subscriptions/channels');
    expect(response.status).toBe(200);
    return response.body as AlertSignupChannels;
  };

  it('shows the texting and WhatsApp numbers, the bot and the public channel when they are set up, and no secret', async () => {
    const [twilio, telegram] = await Promise.all([startTwilioStub(), startTelegramStub()]);
    started.push(twilio, telegram);
    // The channel by its numeric id, as TELEGRAM_CHANNEL_ID often is: its public name comes from getChat.
    telegram.channels.set('-1001234567890', { title: 'Centinela alertas', username: 'centinela_alertas' });
    const t = await TestApp.start({ TELEGRAM_CHANNEL_ID: '-1001234567890' }, { stubs: { twilio, telegram } });
    started.push(t);

    const body = await channelsOf(t);
    expect(body).toEqual({
      sms: { number: twilio.phoneNumber },
      whatsapp: { number: twilio.whatsappNumber, url: `https://wa.me/${twilio.whatsappNumber.slice(1)}?text=ALERTS` },
      telegramBot: { username: 'centinela_test_bot', url: 'https://t.me/centinela_test_bot' },
      telegramChannel: { username: 'centinela_alertas', url: 'https://t.me/centinela_alertas' },
    });
    const text = JSON.stringify(body);
    for (const secret of [twilio.accountSid, twilio.authToken, telegram.token, telegram.token.split(':')[1]!, telegram.secret, '-1001234567890'])
      expect(text).not.toContain(secret);
    // Learned once: a second look asks Telegram nothing more.
    const asked = telegram.calls.items.filter((c) => c.method === 'getMe' || c.method === 'getChat').length;
    expect(await channelsOf(t)).toEqual(body);
    expect(telegram.calls.items.filter((c) => c.method === 'getMe' || c.method === 'getChat')).toHaveLength(asked);
  });

  it('leaves out what is not set up: no Twilio, and a private channel with no public name', async () => {
    const telegram = await startTelegramStub();
    started.push(telegram);
    telegram.channels.set('-1009876543210', { title: 'Private alerts' });
    const t = await TestApp.start({ TELEGRAM_CHANNEL_ID: '-1009876543210' }, { stubs: { telegram } });
    started.push(t);

    expect(await channelsOf(t)).toEqual({
      sms: null,
      whatsapp: null,
      telegramBot: { username: 'centinela_test_bot', url: 'https://t.me/centinela_test_bot' },
      telegramChannel: null,
    });
  });

  it('shows none when no channel is set up', async () => {
    const t = await TestApp.start();
    started.push(t);

    expect(await channelsOf(t)).toEqual({ sms: null, whatsapp: null, telegramBot: null, telegramChannel: null });
  });
});
