import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { Bot, GrammyError, HttpError } from 'grammy';
import { TelegramHttp } from './telegram-http.js';

const BOT_INFO = {
  id: 1,
  is_bot: true as const,
  first_name: 'Centinela',
  username: 'centinela_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** grammY calling a Bot API on 127.0.0.1 through TelegramHttp: answers, Bot API errors and grammY's own timeout. */
describe('TelegramHttp', () => {
  const seen: { method: string; body: unknown }[] = [];
  let held: http.ServerResponse[] = [];
  const closed: Promise<unknown>[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = /\/bot[^/]+\/(\w+)$/.exec(req.url ?? '')?.[1] ?? '';
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      seen.push({ method, body });
      const { chat_id, text } = body as { chat_id: number; text: string };
      if (method === 'sendMessage' && chat_id === 403) {
        res
          .writeHead(403, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }));
      } else if (method === 'sendMessage' && chat_id === 408) {
        held.push(res); // never answered: grammY's timeout must abort it
        closed.push(once(res, 'close'));
      } else {
        const result = { message_id: seen.length, date: 1, chat: { id: chat_id, type: 'private' }, text };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
      }
    });
  });
  const transport = new TelegramHttp();
  let bot: Bot;

  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    bot = new Bot('123:secret', { botInfo: BOT_INFO, client: { apiRoot, fetch: transport.fetch, timeoutSeconds: 0.3 } });
  });

  afterAll(async () => {
    for (const res of held) res.destroy();
    held = [];
    await transport.close();
    server.close();
  });

  it('sends what grammY builds and hands it back the answer', async () => {
    const sent = await bot.api.sendMessage(42, 'ALERTA: ¿dónde? 18th & Ashland', {
      reply_markup: { inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] },
    });
    expect(sent).toMatchObject({ chat: { id: 42 }, text: 'ALERTA: ¿dónde? 18th & Ashland' });
    expect(seen.at(-1)).toEqual({
      method: 'sendMessage',
      body: { chat_id: 42, text: 'ALERTA: ¿dónde? 18th & Ashland', reply_markup: { inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] } },
    });
  });

  it("turns the Bot API's error answer into grammY's error with its code", async () => {
    const error = await bot.api.sendMessage(403, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
  });

  it("lets grammY's timeout abort a request the server never answers", async () => {
    // Without the signal the request would hold its connection until the pool's 10 s timeout.
    const error = await bot.api.sendMessage(408, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(held).toHaveLength(1);
    // The request itself was aborted (its connection closed), not only abandoned by grammY.
    await expect(Promise.race([closed[0], delay(3000, 'still open', { ref: false })])).resolves.not.toBe('still open');
    // The pool is still usable after the abort.
    await expect(bot.api.sendMessage(7, 'after')).resolves.toMatchObject({ chat: { id: 7 } });
  });
});
