import {
  type ChannelCheck,
  channelCheckSchema,
  type ChannelSettings,
  channelSettingsSchema,
  type TestCall,
  testCallSchema,
  type TestMessage,
  type TestMessageResult,
  testMessageResultSchema,
  testMessageSchema,
} from '@centinela/contracts';
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { jsonSchemaOf, ZodBody } from '../common/validation/zod-params.js';
import { ChannelSettingsService } from './channel-settings.service.js';

@ApiTags('settings')
@Controller('settings/channels')
export class ChannelSettingsController {
  constructor(private readonly settings: ChannelSettingsService) {}

  @Get()
  @ApiOperation({ summary: 'The webhook URLs to paste into Twilio and Telegram, and which channels are on' })
  @Roles('coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(channelSettingsSchema, 'output') })
  get(): ChannelSettings {
    return this.settings.settings();
  }

  @Post('check')
  @ApiOperation({ summary: 'Check the configuration through the SDKs (Twilio credentials and numbers; Telegram getMe and getWebhookInfo)' })
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: jsonSchemaOf(channelCheckSchema, 'output') })
  check(): Promise<ChannelCheck> {
    return this.settings.check();
  }

  @Post('telegram-webhook')
  @ApiOperation({ summary: "Point the Telegram bot's webhook at PUBLIC_URL with the secret token" })
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: jsonSchemaOf(channelCheckSchema.shape.telegram, 'output') })
  setTelegramWebhook(): Promise<ChannelCheck['telegram']> {
    return this.settings.setTelegramWebhook();
  }

  @Post('test-message')
  @ApiOperation({ summary: 'Send a test message by SMS, WhatsApp or Telegram' })
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: jsonSchemaOf(testMessageResultSchema, 'output') })
  testMessage(@ZodBody(testMessageSchema) body: TestMessage): Promise<TestMessageResult> {
    return this.settings.testMessage(body);
  }

  @Post('test-call')
  @ApiOperation({ summary: 'The hotline number calls this phone and reads a short test message (English and Spanish)' })
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: jsonSchemaOf(testMessageResultSchema, 'output') })
  testCall(@ZodBody(testCallSchema) body: TestCall): Promise<TestMessageResult> {
    return this.settings.testCall(body);
  }
}
