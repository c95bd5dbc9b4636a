import { randomUUID } from 'node:crypto';
import type { ChannelCheck, ChannelSettings, TestMessage, TestMessageResult } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ChannelsService } from './channels.service.js';
import { Mailer } from './mailer.js';
import { TelegramGateway } from './telegram.gateway.js';
import { TwilioGateway } from './twilio.gateway.js';

const TEST_TEXT = 'Centinela: this is a test message from the hotline settings. / Mensaje de prueba de la línea.';

/** The coordinator's setup page: the URLs to paste into Twilio and Telegram, the SDK checks, a test message. */
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
      this.twilio.configured ? this.twilio.check() : Promise.resolve(null),
      this.telegram.enabled ? this.telegram.check() : Promise.resolve(null),
    ]);
    return { twilio, telegram };
  }

  async setTelegramWebhook(): Promise<ChannelCheck['telegram']> {
    if (!this.telegram.enabled) throw new DomainError('unprocessable', 'Telegram is off: set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET');
    if (!this.config.channels.publicUrl) throw new DomainError('unprocessable', 'PUBLIC_URL is not set');
    await this.telegram.setWebhook();
    return this.telegram.check();
  }

  async testMessage(input: TestMessage): Promise<TestMessageResult> {
    if (!this.channels.enabled(input.channel)) throw DomainError.invalid([{ path: 'channel', message: `${input.channel} is off` }]);
    const sent = await this.channels.send({ channel: input.channel, address: input.to, text: TEST_TEXT, ref: `settings-test:${randomUUID()}` });
    return { status: sent.status, errorCode: sent.errorCode };
  }
}
