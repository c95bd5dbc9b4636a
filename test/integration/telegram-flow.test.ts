import type { SightingView } from '@centinela/contracts';
import { freshBase } from '../support/geo.js';
import { jpegWithGps } from '../support/photos.js';
import { startTelegramStub, type TelegramStub } from '../support/stubs/index.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

/** Telegram's guided flow, as Telegram would drive it: updates with the secret token, button presses. */
describe('Telegram guided flow', () => {
  let t: TestApp;
  let telegram: TelegramStub;
  let dispatcher: TestAccount;
  beforeAll(async () => {
    telegram = await startTelegramStub();
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0' }, { stubs: { telegram } });
    dispatcher = await t.account('dispatcher');
  });
  afterAll(async () => {
    await t.close();
    await telegram.close();
  });

  const lastTo = (chat: number) => telegram.sent.items.filter((s) => s.chatId === String(chat)).at(-1)!;
  const reply = (chat: number, match: RegExp) => telegram.sent.next((s) => s.chatId === String(chat) && match.test(s.text));

  it('takes /start → language → location → what → when → photo to a reported sighting with channel telegram', async () => {
    const chat = 9101;
    const at = freshBase();
    await telegram.message(chat, { text: '/start', languageCode: 'es' });
    const welcome = await reply(chat, /Choose your language/);
    expect(welcome.params.reply_markup).toMatchObject({ inline_keyboard: [[{ callback_data: 'lang:en' }, { callback_data: 'lang:es' }]] });
    await telegram.press(chat, 'lang:es', 'es');
    await reply(chat, /Comparta su ubicación/);
    await telegram.message(chat, { venue: { lat: at[1], lng: at[0], title: 'Lavandería', address: 'Calle 18' } });
    await reply(chat, /Qué ve/);
    await telegram.message(chat, { text: 'Dos camionetas, 4 agentes pidiendo papeles' });
    await reply(chat, /Cuándo lo vio/);
    await telegram.press(chat, 'when:15', 'es');
    await reply(chat, /Envíe una foto/);
    // State lives in the database: a restart in the middle loses nothing.
    await t.restart();
    await telegram.message(chat, { photo: await jpegWithGps() });
    await reply(chat, /^Gracias/);

    const { rows } = await t.db.query(`SELECT id, incident_id FROM sightings WHERE channel = 'telegram'`);
    expect(rows).toHaveLength(1);
    const view = await expectOk<SightingView>(t.as(dispatcher).get(`/api/sightings/${rows[0].id}`));
    expect(view.sighting).toMatchObject({
      channel: 'telegram',
      status: 'reported',
      locationDescription: 'Lavandería, Calle 18',
      notes: 'Dos camionetas, 4 agentes pidiendo papeles',
    });
    expect(view.sighting.location.coordinates).toEqual([expect.closeTo(at[0], 6), expect.closeTo(at[1], 6)]);
    expect(Date.now() - Date.parse(view.sighting.observedAt)).toBeGreaterThan(14 * 60_000);
    expect((await t.db.query('SELECT count(*)::int AS n FROM media WHERE incident_id = $1', [rows[0].incident_id])).rows[0].n).toBe(1);
    expect((await t.db.query('SELECT count(*)::int AS n FROM telegram_drafts')).rows[0].n).toBe(0);
    expect(lastTo(chat).text).toMatch(/^Gracias/);
  });

  it('asks again for a place it cannot find, and leaves chats without /start to their thread', async () => {
    const chat = 9102;
    await telegram.message(chat, { text: '/start', languageCode: 'en' });
    await reply(chat, /Choose your language/);
    await telegram.press(chat, 'lang:en', 'en');
    await reply(chat, /Where are the agents/);
    await telegram.message(chat, { text: 'nowhere street that does not exist' });
    await reply(chat, /could not find that place/);
    await telegram.message(chat, { text: '/cancel' });
    await reply(chat, /^Cancelled/);
    await telegram.message(chat, { text: 'just a message' });
    await reply(chat, /^Thank you, we received your message/);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM threads WHERE channel = 'telegram'`)).rows[0].n).toBe(1);
  });
});
