import { Module } from '@nestjs/common';
import { ChannelsRepository } from './channels.repository.js';
import { ChannelsRetention } from './channels-retention.js';
import { ChannelsService } from './channels.service.js';
import { InboundWebhooks } from './inbound-webhooks.js';
import { Mailer } from './mailer.js';
import { TelegramGateway } from './telegram.gateway.js';
import { TwilioSignatureGuard } from './twilio-signature.guard.js';
import { TwilioGateway } from './twilio.gateway.js';
import { WebhooksController } from './webhooks.controller.js';

/** SMS, WhatsApp (Twilio) and Telegram (grammY) in and out, and email (nodemailer): the layer other features message through. */
@Module({
  controllers: [WebhooksController],
  providers: [ChannelsRepository, ChannelsService, ChannelsRetention, InboundWebhooks, Mailer, TelegramGateway, TwilioGateway, TwilioSignatureGuard],
  exports: [ChannelsService, Mailer, TwilioGateway, TelegramGateway, TwilioSignatureGuard],
})
export class ChannelsModule {}
