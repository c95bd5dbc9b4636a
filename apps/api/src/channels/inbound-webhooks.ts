import { cutText } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { Update } from 'grammy/types';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { InboundMessage, MessagingChannel } from './channel.types.js';
import { ChannelsService, deliveryStatusOf } from './channels.service.js';
import { TelegramGateway } from './telegram.gateway.js';
import { formParams } from './twilio-signature.guard.js';
import { TwilioGateway } from './twilio.gateway.js';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const MAX_MEDIA = 5;

/** Turns providers' webhooks into the channel layer's InboundMessages and delivery reports. */
@Injectable()
export class InboundWebhooks {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly channels: ChannelsService,
    private readonly twilio: TwilioGateway,
    private readonly telegram: TelegramGateway,
  ) {}

  /** An SMS or WhatsApp message (already signature-checked). Answers empty TwiML: replies go out through the API. */
  async twilioMessage(body: unknown): Promise<string> {
    const p = formParams(body);
    const sid = p.MessageSid ?? p.SmsMessageSid ?? '';
    if (!/^[A-Z]{2}[0-9a-f]{32}$/i.test(sid)) throw DomainError.invalid([{ path: 'MessageSid', message: 'is missing or not a Twilio message sid' }]);
    const from = p.From ?? '';
    const channel: MessagingChannel = from.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
    const address = from.replace(/^whatsapp:/, '');
    if (!/^\+?[0-9]{3,16}$/.test(address)) throw DomainError.invalid([{ path: 'From', message: 'is not a phone number' }]);
    const count = Math.min(Number.parseInt(p.NumMedia ?? '0', 10) || 0, MAX_MEDIA);
    const media: InboundMessage['media'] = [];
    for (let i = 0; i < count; i++) {
      const url = p[`MediaUrl${i}`];
      const contentType = p[`MediaContentType${i}`] ?? 'application/octet-stream';
      if (url) media.push({ contentType, fetch: () => this.twilio.fetchMedia(url) });
    }
    const lat = Number(p.Latitude);
    const lng = Number(p.Longitude);
    const located = p.Latitude !== undefined && Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
    const name = [p.Label, p.Address].filter(Boolean).join(', ');
    await this.channels.receive({
      channel,
      address,
      providerMessageId: sid,
      text: cutText(p.Body ?? '', 4096),
      language: null,
      media,
      location: located ? { lat, lng, ...(name ? { name } : {}) } : null,
      callbackData: null,
      receivedAt: new Date(this.clock.now()),
    });
    return EMPTY_TWIML;
  }

  /** A status callback for a message we sent (already signature-checked). */
  async twilioStatus(body: unknown): Promise<void> {
    const p = formParams(body);
    const sid = p.MessageSid ?? p.SmsSid ?? '';
    if (!sid) throw DomainError.invalid([{ path: 'MessageSid', message: 'is required' }]);
    const status = deliveryStatusOf(p.MessageStatus ?? p.SmsStatus ?? '');
    if (!status) return; // 'received', 'receiving': about inbound messages, nothing to report
    const channel: MessagingChannel = (p.To ?? '').startsWith('whatsapp:') ? 'whatsapp' : 'sms';
    await this.channels.reportStatus(sid, channel, status, p.ErrorCode === undefined || p.ErrorCode === '' ? null : p.ErrorCode);
  }

  /** A Telegram update: the secret token first (403, nothing stored), then the bot. */
  async telegramUpdate(secret: string | undefined, body: unknown): Promise<void> {
    if (!this.telegram.enabled || !this.telegram.validSecret(secret)) throw new DomainError('forbidden', 'wrong or missing secret token');
    if (typeof body !== 'object' || body === null || typeof (body as { update_id?: unknown }).update_id !== 'number') {
      throw DomainError.invalid([{ path: 'update_id', message: 'is required' }]);
    }
    await this.telegram.handleUpdate(body as Update);
  }
}
