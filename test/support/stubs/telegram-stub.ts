import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, Recorder, type WebhookTarget } from './recorder.js';

export type TelegramCall = { method: string; params: Record<string, unknown> };
export type TelegramSent = { method: 'sendMessage' | 'sendPhoto'; chatId: string; text: string; params: Record<string, unknown>; at: number };
export type WebhookResponse = { status: number; text: string };

const BOT_ID = 7_000_000_001;

/**
 * Plays the Telegram Bot API on 127.0.0.1 (the grammY bot's `apiRoot`): getMe, sendMessage, sendPhoto, getFile
 * and file downloads, setWebhook/getWebhookInfo, answerCallbackQuery, getChat; failures and held answers on demand. Posts updates to the
 * app's webhook with the `X-Telegram-Bot-Api-Secret-Token` header, as Telegram does.
 */
export class TelegramStub {
  readonly token = `${BOT_ID}:${randomBytes(18).toString('base64url')}`;
  readonly secret = randomBytes(24).toString('base64url');
  readonly calls = new Recorder<TelegramCall>();
  readonly sent = new Recorder<TelegramSent>();
  webhook: { url: string; secretToken: string | null } | null = null;
  /** Channels getChat knows, by id: a public one has a username, a private one none. */
  readonly channels = new Map<string, { title: string; username?: string }>();
  /**
   * How long each sent message takes to be answered (the round trip to the real Bot API); 0 answers at once. A
   * function gives each message its own delay (an uneven provider).
   */
  delayMs: number | (() => number) = 0;
  private failures: { code: number; description: string; retryAfter?: number }[] = [];
  private gate: Promise<void> | null = null;
  private readonly files = new Map<string, Buffer>();
  private target: WebhookTarget | null = null;
  private updateId = 100;
  private messageId = 1000;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<TelegramStub> {
    let stub: TelegramStub | null = null;
    const server = createServer((req, res) => {
      void stub!.serve(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stub = new TelegramStub(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return stub;
  }

  env(): Record<string, string> {
    return { TELEGRAM_BOT_TOKEN: this.token, TELEGRAM_API_URL: this.url, TELEGRAM_WEBHOOK_SECRET: this.secret };
  }

  attach(target: WebhookTarget): void {
    this.target = target;
  }

  /** The next Bot API call fails (429 with retry_after, 403 "bot was blocked by the user", …). */
  failNext(code: number, description = 'Forbidden: bot was blocked by the user', retryAfter?: number): void {
    this.failures.push({ code, description, ...(retryAfter ? { retryAfter } : {}) });
  }

  /** Until the function it returns is called, messages sent are recorded but not answered (a send in flight). */
  hold(): () => void {
    let open!: () => void;
    this.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    return () => {
      this.gate = null;
      open();
    };
  }

  /** A file the bot can getFile and download; returns its file_id. */
  addFile(body: Buffer): string {
    const id = `AgAC${randomBytes(12).toString('hex')}`;
    this.files.set(id, body);
    return id;
  }

  /** Posts an update to the app's webhook (with the right secret unless told otherwise). */
  async update(update: Record<string, unknown>, options: { secret?: string | null } = {}): Promise<WebhookResponse> {
    if (!this.target) throw new Error('TelegramStub is not attached to an app (TestApp.start with stubs)');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const secret = options.secret === undefined ? this.secret : options.secret;
    if (secret !== null) headers['x-telegram-bot-api-secret-token'] = secret;
    const response = await fetch(`${this.target.baseUrl()}/api/webhooks/telegram`, { method: 'POST', headers, body: JSON.stringify(update) });
    return { status: response.status, text: await response.text() };
  }

  /** An update carrying a message from a private chat; returns the update it posted too. */
  async message(
    chatId: number,
    content: {
      text?: string;
      languageCode?: string;
      photo?: Buffer;
      caption?: string;
      location?: { lat: number; lng: number };
      venue?: { lat: number; lng: number; title: string; address: string };
    },
    options: { updateId?: number; messageId?: number; secret?: string | null } = {},
  ): Promise<WebhookResponse & { update: Record<string, unknown> }> {
    const from = { id: chatId, is_bot: false, first_name: 'Sender', ...(content.languageCode ? { language_code: content.languageCode } : {}) };
    const message: Record<string, unknown> = {
      message_id: options.messageId ?? ++this.messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'Sender' },
      from,
    };
    if (content.text !== undefined) {
      message.text = content.text;
      if (content.text.startsWith('/')) message.entities = [{ type: 'bot_command', offset: 0, length: content.text.split(' ')[0]!.length }];
    }
    if (content.photo) {
      const fileId = this.addFile(content.photo);
      message.photo = [{ file_id: fileId, file_unique_id: fileId.slice(4, 16), width: 64, height: 48, file_size: content.photo.length }];
      if (content.caption) message.caption = content.caption;
    }
    if (content.location) message.location = { latitude: content.location.lat, longitude: content.location.lng };
    if (content.venue) {
      const location = { latitude: content.venue.lat, longitude: content.venue.lng };
      message.location = location;
      message.venue = { location, title: content.venue.title, address: content.venue.address };
    }
    const update = { update_id: options.updateId ?? ++this.updateId, message };
    return { ...(await this.update(update, { secret: options.secret })), update };
  }

  /** A press on an inline-keyboard button the bot sent. */
  press(chatId: number, data: string, languageCode?: string): Promise<WebhookResponse> {
    const from = { id: chatId, is_bot: false, first_name: 'Sender', ...(languageCode ? { language_code: languageCode } : {}) };
    return this.update({
      update_id: ++this.updateId,
      callback_query: {
        id: randomBytes(8).toString('hex'),
        from,
        chat_instance: String(chatId),
        data,
        message: {
          message_id: ++this.messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private' },
          from: { id: BOT_ID, is_bot: true, first_name: 'Bot' },
          text: '…',
        },
      },
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const url = new URL(req.url ?? '/', this.url);
    const json = (status: number, value: unknown): true => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      return true;
    };
    const filePrefix = `/file/bot${this.token}/`;
    if (url.pathname.startsWith(filePrefix)) {
      const file = this.files.get(url.pathname.slice(filePrefix.length).replace(/^photos\//, ''));
      if (!file) return json(404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
      return true;
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match) return json(404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== this.token) return json(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2]!;
    const body = await readBody(req);
    const params: Record<string, unknown> =
      body.length > 0 && (req.headers['content-type'] ?? '').includes('json')
        ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>)
        : Object.fromEntries(url.searchParams);
    this.calls.push({ method, params });
    const failure = this.failures.shift();
    if (failure) {
      return json(failure.code, {
        ok: false,
        error_code: failure.code,
        description: failure.description,
        ...(failure.retryAfter ? { parameters: { retry_after: failure.retryAfter } } : {}),
      });
    }
    const ok = (result: unknown): true => json(200, { ok: true, result });
    switch (method) {
      case 'getMe':
        return ok({
          id: BOT_ID,
          is_bot: true,
          first_name: 'Centinela',
          username: 'centinela_test_bot',
          can_join_groups: false,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        });
      case 'sendMessage':
      case 'sendPhoto': {
        const chatId = String(params.chat_id);
        const text = String(method === 'sendPhoto' ? (params.caption ?? '') : params.text);
        this.sent.push({ method, chatId, text, params, at: Date.now() });
        if (this.gate) await this.gate;
        const delayMs = typeof this.delayMs === 'function' ? this.delayMs() : this.delayMs;
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        return ok({ message_id: ++this.messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(chatId), type: 'private' }, text });
      }
      case 'getFile': {
        const fileId = String(params.file_id);
        const file = this.files.get(fileId);
        if (!file) return json(400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
        return ok({ file_id: fileId, file_unique_id: fileId.slice(4, 16), file_size: file.length, file_path: `photos/${fileId}` });
      }
      case 'setWebhook':
        this.webhook = { url: String(params.url), secretToken: typeof params.secret_token === 'string' ? params.secret_token : null };
        return ok(true);
      case 'deleteWebhook':
        this.webhook = null;
        return ok(true);
      case 'getWebhookInfo':
        return ok({ url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 });
      case 'answerCallbackQuery':
        return ok(true);
      case 'getChat': {
        const chatId = String(params.chat_id);
        const channel = this.channels.get(chatId);
        if (!channel) return json(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
        return ok({ id: Number(chatId), type: 'channel', ...channel });
      }
      default:
        return json(404, { ok: false, error_code: 404, description: `Not Found: method ${method} is not in the stub` });
    }
  }
}

export const startTelegramStub = (): Promise<TelegramStub> => TelegramStub.start();
