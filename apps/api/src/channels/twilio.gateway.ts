import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import twilio from 'twilio';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type MessagingChannel, ProviderError, type ProviderSendResult } from './channel.types.js';
import { TwilioHttpClient } from './twilio-http.js';

type TwilioClient = ReturnType<typeof twilio>;
/** Twilio's error codes that mean the recipient cannot be reached (no point in retrying). */
const PERMANENT = new Set([21211, 21408, 21610, 21612, 21614, 63003, 63016]);

/** SMS and WhatsApp through the official `twilio` SDK: sends, the signature check, and the configuration checks. */
@Injectable()
export class TwilioGateway implements OnApplicationShutdown {
  private readonly client: TwilioClient | null;
  private readonly messages: TwilioClient['messages'] | null;
  private readonly http: TwilioHttpClient | null;
  private readonly settings: AppConfig['channels']['twilio'];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.settings = config.channels.twilio;
    const s = this.settings;
    this.http = s ? new TwilioHttpClient(s.apiUrl ? s.apiUrl.replace(/\/+$/, '') : null) : null;
    this.client = s ? twilio(s.accountSid, s.authToken, { httpClient: this.http! }) : null;
    // The SDK loads the modules behind `messages` on first use: about 100 ms of synchronous requires that would
    // otherwise hold the first SMS of an alert past its paced slot (see alerts/pace.ts), so they load at startup.
    this.messages = this.client?.messages ?? null;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.http?.close();
  }

  enabled(channel: MessagingChannel): boolean {
    const s = this.settings;
    if (!s) return false;
    return channel === 'sms' ? Boolean(s.phoneNumber) : channel === 'whatsapp' ? Boolean(s.whatsappNumber) : false;
  }

  get configured(): boolean {
    return this.client !== null;
  }

  /** Whether a webhook really comes from Twilio: HMAC-SHA1 of the URL Twilio called and the sorted POST params. */
  validSignature(signature: string | undefined, path: string, params: Record<string, string>): boolean {
    if (!this.settings || !signature || !this.config.channels.publicUrl) return false;
    return twilio.validateRequest(this.settings.authToken, signature, `${this.config.channels.publicUrl}${path}`, params);
  }

  async send(channel: 'sms' | 'whatsapp', to: string, text: string, mediaUrl?: string): Promise<ProviderSendResult & { status: string }> {
    const s = this.settings!;
    const from = channel === 'sms' ? s.phoneNumber! : `whatsapp:${s.whatsappNumber!}`;
    const statusCallback = this.config.channels.publicUrl ? `${this.config.channels.publicUrl}/api/webhooks/twilio/status` : undefined;
    try {
      const message = await this.messages!.create({
        from,
        to: channel === 'sms' ? to : `whatsapp:${to}`,
        body: text,
        ...(mediaUrl ? { mediaUrl: [mediaUrl] } : {}),
        ...(statusCallback ? { statusCallback } : {}),
      });
      return { providerMessageId: message.sid, status: message.status };
    } catch (error) {
      throw toProviderError(error);
    }
  }

  /**
   * The sid of a message this account sent `to` with exactly this `text`, created at or after `since`, if Twilio has
   * one (the 20 newest to that number from our number). How the alerts' sweeper learns whether a send cut short
   * by a dead worker reached Twilio. Throws a ProviderError when Twilio cannot be asked.
   */
  async findSent(channel: 'sms' | 'whatsapp', to: string, text: string, since: Date): Promise<string | null> {
    const s = this.settings!;
    try {
      const messages = await this.messages!.list({
        from: channel === 'sms' ? s.phoneNumber! : `whatsapp:${s.whatsappNumber!}`,
        to: channel === 'sms' ? to : `whatsapp:${to}`,
        limit: 20,
      });
      return messages.find((m) => m.body === text && m.dateCreated.getTime() >= since.getTime())?.sid ?? null;
    } catch (error) {
      throw toProviderError(error);
    }
  }

  /** A test call from the hotline number: `to` hears a short message (inline TwiML, no webhook needed). */
  async testCall(to: string, twiml: string): Promise<{ status: string }> {
    try {
      const call = await this.client!.calls.create({ to, from: this.settings!.phoneNumber!, twiml });
      return { status: call.status };
    } catch (error) {
      throw toProviderError(error);
    }
  }

  /** Downloads a photo a sender attached (MediaUrlN); only from Twilio (or TWILIO_API_URL), with the account's credentials. */
  async fetchMedia(url: string): Promise<Buffer> {
    const s = this.settings!;
    const allowed = s.apiUrl ? url.startsWith(s.apiUrl.replace(/\/+$/, '') + '/') : url.startsWith('https://api.twilio.com/');
    if (!allowed) throw new ProviderError('media URL is not a Twilio URL', 400, null, false);
    const response = await fetch(url, {
      headers: { authorization: `Basic ${Buffer.from(`${s.accountSid}:${s.authToken}`).toString('base64')}` },
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) throw new ProviderError(`media download failed: HTTP ${response.status}`, response.status, null, response.status >= 500);
    return Buffer.from(await response.arrayBuffer());
  }

  /**
   * Credentials valid, the configured numbers owned by the account, and the hotline number's voice and messaging
   * URLs set to this server's webhooks (so calls and texts reach it), for the settings page.
   */
  async check(webhooks: { voice: string; messages: string } | null): Promise<{ ok: boolean; detail: string; numbers: string[] }> {
    try {
      const owned = await this.client!.incomingPhoneNumbers.list({ limit: 100 });
      const numbers = owned.map((n) => n.phoneNumber);
      const wanted = [this.settings!.phoneNumber, this.settings!.whatsappNumber].filter((n): n is string => Boolean(n));
      const missing = wanted.filter((n) => !numbers.includes(n));
      if (missing.length > 0) return { ok: false, detail: `not a number of this account: ${missing.join(', ')}`, numbers };
      const hotline = owned.find((n) => n.phoneNumber === this.settings!.phoneNumber);
      const wrong: string[] = [];
      if (hotline && webhooks && hotline.voiceUrl !== webhooks.voice) wrong.push(`its voice URL is ${hotline.voiceUrl || 'empty'}, not ${webhooks.voice}`);
      if (hotline && webhooks && hotline.smsUrl !== webhooks.messages)
        wrong.push(`its messaging URL is ${hotline.smsUrl || 'empty'}, not ${webhooks.messages}`);
      return wrong.length === 0
        ? { ok: true, detail: webhooks && hotline ? 'credentials valid; numbers owned; webhooks set' : 'credentials valid; numbers owned', numbers }
        : { ok: false, detail: `${hotline!.phoneNumber}: ${wrong.join('; ')}`, numbers };
    } catch (error) {
      const e = toProviderError(error);
      return { ok: false, detail: e.status === 401 ? 'credentials refused (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN)' : e.message, numbers: [] };
    }
  }
}

export function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = error as { status?: number; code?: number; message?: string; headers?: Record<string, string> };
  const status = typeof e.status === 'number' ? e.status : 0;
  const code = e.code !== undefined ? String(e.code) : null;
  const retryable = status === 0 || status === 429 || status >= 500 ? !PERMANENT.has(Number(e.code)) : false;
  return new ProviderError(e.message ?? 'Twilio request failed', status, code, retryable, status === 429 ? 1000 : undefined);
}
