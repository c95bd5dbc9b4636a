import { randomUUID } from 'node:crypto';
import type { ChannelCheck, ChannelSettings, TestCall, TestMessage, TestMessageResult } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ProviderError } from './channel.types.js';
import { ChannelsService } from './channels.service.js';
import { Mailer } from './mailer.js';
import { TelegramGateway } from './telegram.gateway.js';
import { TwilioGateway } from './twilio.gateway.js';

const TEST_TEXT = 'Centinela: this is a test message from the hotline settings. / Mensaje de prueba de la línea.';

/** The coordinator's setup page: the URLs to paste into Twilio and Telegram, the SDK checks, a test message and call. */
@Injectable()
export class ChannelSettingsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly channels: ChannelsService,
    private readonly twilio: TwilioGateway,
    private readonly telegram: TelegramGateway,
    private readonly mailer: Mailer,
  ) {}

  settings(): ChannelSettings {
    const c = this.config.channels;
    const base = c.publicUrl;
    return {
      publicUrl: base ?? null,
      webhooks: base
        ? {
            messages: `${base}/api/webhooks/twilio/messages`,
            status: `${base}/api/webhooks/twilio/status`,
            voice: `${base}/api/webhooks/twilio/voice`,
            telegram: `${base}/api/webhooks/telegram`,
          }
        : null,
      channels: {
        sms: { enabled: this.channels.enabled('sms'), number: c.twilio?.phoneNumber ?? null },
        whatsapp: { enabled: this.channels.enabled('whatsapp'), number: c.twilio?.whatsappNumber ?? null },
        telegram: { enabled: this.channels.enabled('telegram'), channelId: c.telegram?.channelId ?? null },
        email: { enabled: this.mailer.enabled },
      },
    };
  }

  async check(): Promise<ChannelCheck> {
    const [twilio, telegram] = await Promise.all([
      this.twilio.configured ? this.twilio.check(this.settings().webhooks) : Promise.resolve(null),
      this.telegram.enabled ? this.telegram.check() : Promise.resolve(null),
    ]);
    return { twilio, telegram };
  }

  async setTelegramWebhook(): Promise<ChannelCheck['telegram']> {
    if (!this.telegram.enabled)
      throw new DomainError('unprocessable', 'Telegram is off: set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET').because('settings.telegramOff');
    if (!this.config.channels.publicUrl) throw new DomainError('unprocessable', 'PUBLIC_URL is not set').because('settings.publicUrlMissing');
    await this.telegram.setWebhook();
    return this.telegram.check();
  }

  /** The hotline number calls `to` and reads a short test message in English and Spanish. */
  async testCall(input: TestCall): Promise<TestMessageResult> {
    if (!this.channels.enabled('sms'))
      throw new DomainError('unprocessable', 'Twilio is off: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_PHONE_NUMBER').because('settings.twilioOff');
    const response = new twilio.twiml.VoiceResponse();
    response.say({ language: 'en-US' }, 'This is a test call from the Centinela hotline settings. Calls to the hotline can reach this phone.');
    response.say({ language: 'es-MX' }, 'Esta es una llamada de prueba de la línea de Centinela.');
    try {
      return { ...(await this.twilio.testCall(input.to, response.toString())), errorCode: null };
    } catch (error) {
      const e = error instanceof ProviderError ? error : null;
      return { status: 'failed', errorCode: e?.code ?? (e?.status ? `http-${e.status}` : 'unreachable') };
    }
  }

  async testMessage(input: TestMessage): Promise<TestMessageResult> {
    if (!this.channels.enabled(input.channel)) throw DomainError.invalid([{ path: 'channel', message: `${input.channel} is off` }]);
    const sent = await this.channels.send({ channel: input.channel, address: input.to, text: TEST_TEXT, ref: `settings-test:${randomUUID()}` });
    return { status: sent.status, errorCode: sent.errorCode };
  }
}
