import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Bot, type Context, GrammyError, HttpError } from 'grammy';
import type { Update } from 'grammy/types';
import { type Clock, CLOCK } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type InboundMessage, ProviderError, type ProviderSendResult } from './channel.types.js';
import { TelegramHttp } from './telegram-http.js';

export type TelegramInbound = Omit<InboundMessage, 'addressHash'>;
type Buttons = { text: string; data: string }[][];

const DEFAULT_API = 'https://api.telegram.org';

/**
 * Telegram through a grammY bot on a webhook: updates are checked against TELEGRAM_WEBHOOK_SECRET (the
 * `X-Telegram-Bot-Api-Secret-Token` header Telegram sends once `setWebhook` was given it), handed to the bot, and
 * its middleware turns messages and button presses into InboundMessages for the channel layer.
 */
@Injectable()
export class TelegramGateway implements OnApplicationShutdown {
  readonly bot: Bot | null;
  private readonly apiRoot: string;
  private readonly http: TelegramHttp | null;
  private sink: ((message: TelegramInbound) => Promise<void>) | null = null;
  private ready: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const t = config.channels.telegram;
    this.apiRoot = (t?.apiUrl ?? DEFAULT_API).replace(/\/+$/, '');
    const http = t ? new TelegramHttp() : null;
    this.http = http;
    this.bot = t && http ? new Bot(t.botToken, { client: { apiRoot: this.apiRoot, fetch: http.fetch } }) : null;
    this.bot?.on('message', (ctx) => this.fromMessage(ctx));
    this.bot?.on('callback_query:data', async (ctx) => {
      const q = ctx.callbackQuery;
      if (!q.message) return;
      await this.emit({
        address: String(q.message.chat.id),
        providerMessageId: `cb:${q.id}`,
        text: '',
        language: q.from.language_code ?? null,
        media: [],
        location: null,
        callbackData: q.data,
      });
      await ctx.answerCallbackQuery().catch(() => undefined);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.http?.close();
  }

  get enabled(): boolean {
    return this.bot !== null;
  }

  /** TELEGRAM_CHANNEL_ID: a broadcast channel the bot posts alerts to. */
  get channelId(): string | undefined {
    return this.config.channels.telegram?.channelId;
  }

  /**
   * The public names people reach: the bot's @username (getMe, as the webhook learns it) and the channel's, from
   * TELEGRAM_CHANNEL_ID when it is `@name`, else getChat (a private channel has none). Null when unknown; a name
   * once learned is kept, a failed look-up is tried again on the next call.
   */
  async publicNames(): Promise<{ bot: string | null; channel: string | null }> {
    if (!this.bot) return { bot: null, channel: null };
    const bot = await this.init().then(
      () => this.bot!.botInfo.username,
      () => null,
    );
    return { bot, channel: await this.channelName() };
  }

  private channelNameLearned: { name: string | null } | null = null;
  private async channelName(): Promise<string | null> {
    const id = this.channelId;
    if (!id) return null;
    if (id.startsWith('@')) return id.slice(1);
    if (this.channelNameLearned) return this.channelNameLearned.name;
    try {
      const chat = await this.bot!.api.getChat(id);
      this.channelNameLearned = { name: 'username' in chat && chat.username ? chat.username : null };
      return this.channelNameLearned.name;
    } catch {
      return null;
    }
  }

  /** getMe once (grammY's init), shared by the webhook and the public names; tried again after a failure. */
  private init(): Promise<void> {
    return (this.ready ??= this.bot!.init().catch((error: unknown) => {
      this.ready = null;
      throw error;
    }));
  }

  onInbound(sink: (message: TelegramInbound) => Promise<void>): void {
    this.sink = sink;
  }

  /** Constant-time comparison with TELEGRAM_WEBHOOK_SECRET. */
  validSecret(header: string | undefined): boolean {
    const secret = this.config.channels.telegram?.webhookSecret;
    if (!secret || !header) return false;
    const a = Buffer.from(header);
    const b = Buffer.from(secret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async handleUpdate(update: Update): Promise<void> {
    await this.init();
    await this.bot!.handleUpdate(update);
  }

  async send(chatId: string, text: string, options: { mediaUrl?: string; buttons?: Buttons } = {}): Promise<ProviderSendResult> {
    const reply_markup = options.buttons?.length
      ? { inline_keyboard: options.buttons.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))) }
      : undefined;
    try {
      const sent = options.mediaUrl
        ? await this.bot!.api.sendPhoto(chatId, options.mediaUrl, { caption: text, ...(reply_markup ? { reply_markup } : {}) })
        : await this.bot!.api.sendMessage(chatId, text, reply_markup ? { reply_markup } : {});
      return { providerMessageId: `${sent.chat.id}:${sent.message_id}` };
    } catch (error) {
      throw toProviderError(error);
    }
  }

  /** getMe and getWebhookInfo, for the settings page. */
  async check(): Promise<{ ok: boolean; detail: string; username: string | null; webhookUrl: string | null; pending: number; lastError: string | null }> {
    try {
      const me = await this.bot!.api.getMe();
      const hook = await this.bot!.api.getWebhookInfo();
      const expected = this.webhookUrl();
      const ok = expected !== null && hook.url === expected;
      return {
        ok,
        detail: ok ? 'bot token valid; webhook set' : hook.url ? `webhook points at ${hook.url}` : 'webhook not set',
        username: me.username,
        webhookUrl: hook.url === '' ? null : (hook.url ?? null),
        pending: hook.pending_update_count,
        lastError: hook.last_error_message ?? null,
      };
    } catch (error) {
      const e = toProviderError(error);
      return {
        ok: false,
        detail: e.status === 401 ? 'bot token refused (TELEGRAM_BOT_TOKEN)' : e.message,
        username: null,
        webhookUrl: null,
        pending: 0,
        lastError: null,
      };
    }
  }

  /** Points the bot's webhook at PUBLIC_URL with the secret token. */
  async setWebhook(): Promise<void> {
    const url = this.webhookUrl();
    if (!url) throw new ProviderError('PUBLIC_URL is not set', 400, null, false);
    try {
      await this.bot!.api.setWebhook(url, { secret_token: this.config.channels.telegram!.webhookSecret!, allowed_updates: ['message', 'callback_query'] });
    } catch (error) {
      throw toProviderError(error);
    }
  }

  webhookUrl(): string | null {
    return this.config.channels.publicUrl ? `${this.config.channels.publicUrl}/api/webhooks/telegram` : null;
  }

  private async fromMessage(ctx: Context): Promise<void> {
    const m = ctx.message!;
    const photo = m.photo?.length ? m.photo[m.photo.length - 1] : undefined;
    const imageDocument = m.document?.mime_type?.startsWith('image/') ? m.document : undefined;
    const file = photo ?? imageDocument;
    const place = m.venue?.location ?? m.location;
    await this.emit({
      address: String(m.chat.id),
      providerMessageId: `${m.chat.id}:${m.message_id}`,
      text: m.text ?? m.caption ?? '',
      language: m.from.language_code ?? null,
      media: file ? [{ contentType: imageDocument?.mime_type ?? 'image/jpeg', fetch: () => this.download(file.file_id) }] : [],
      location: place ? { lat: place.latitude, lng: place.longitude, ...(m.venue ? { name: `${m.venue.title}, ${m.venue.address}` } : {}) } : null,
      callbackData: null,
    });
  }

  private async emit(message: Omit<TelegramInbound, 'channel' | 'receivedAt'>): Promise<void> {
    await this.sink?.({ channel: 'telegram', receivedAt: new Date(this.clock.now()), ...message });
  }

  private async download(fileId: string): Promise<Buffer> {
    const file = await this.bot!.api.getFile(fileId);
    if (!file.file_path) throw new ProviderError('Telegram gave no file path', 502, null, true);
    const response = await fetch(`${this.apiRoot}/file/bot${this.config.channels.telegram!.botToken}/${file.file_path}`, {
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) throw new ProviderError(`photo download failed: HTTP ${response.status}`, response.status, null, response.status >= 500);
    return Buffer.from(await response.arrayBuffer());
  }
}

function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof GrammyError) {
    const retryAfter = error.parameters.retry_after;
    return new ProviderError(
      error.description,
      error.error_code,
      String(error.error_code),
      error.error_code === 429 || error.error_code >= 500,
      retryAfter ? retryAfter * 1000 : undefined,
    );
  }
  if (error instanceof HttpError) return new ProviderError('Telegram unreachable', 0, null, true);
  return new ProviderError(error instanceof Error ? error.message : String(error), 0, null, true);
}
