import { Body, Controller, Header, Headers, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator.js';
import { InboundWebhooks } from './inbound-webhooks.js';
import { TwilioSignatureGuard } from './twilio-signature.guard.js';

/** Where Twilio and Telegram post: messages, delivery statuses, bot updates. Each answers only its provider. */
@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly inbound: InboundWebhooks) {}

  @Post('twilio/messages')
  @ApiOperation({ summary: 'Twilio messaging webhook (SMS, WhatsApp): signed by Twilio, answers empty TwiML' })
  @Public()
  @UseGuards(TwilioSignatureGuard)
  @HttpCode(200)
  @Header('content-type', 'text/xml; charset=utf-8')
  twilioMessage(@Body() body: unknown): Promise<string> {
    return this.inbound.twilioMessage(body);
  }

  @Post('twilio/status')
  @ApiOperation({ summary: 'Twilio message status callback: updates the delivery status of a sent message' })
  @Public()
  @UseGuards(TwilioSignatureGuard)
  @HttpCode(204)
  twilioStatus(@Body() body: unknown): Promise<void> {
    return this.inbound.twilioStatus(body);
  }

  @Post('telegram')
  @ApiOperation({ summary: 'Telegram bot webhook: updates carrying X-Telegram-Bot-Api-Secret-Token' })
  @Public()
  @HttpCode(200)
  telegram(@Headers('x-telegram-bot-api-secret-token') secret: string | undefined, @Body() body: unknown): Promise<void> {
    return this.inbound.telegramUpdate(secret, body);
  }
}
