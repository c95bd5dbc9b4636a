import { BodyLimit } from '../common/http/body-limit.js';
import {
  type AlertAreas,
  alertAreasSchema,
  type AlertSignupChannels,
  alertSignupChannelsSchema,
  type SubscriptionImportRequest,
  subscriptionImportRequestSchema,
  type SubscriptionImportResult,
  subscriptionImportResultSchema,
  type SubscriptionSummary,
  subscriptionSummarySchema,
  type WebPushAlertSubscribe,
  webPushAlertSubscribeSchema,
  type WebPushAlertUnsubscribe,
  webPushAlertUnsubscribeSchema,
} from '@centinela/contracts';
import { Controller, Delete, Get, HttpCode, Ip, Post, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Public, Roles } from '../auth/roles.decorator.js';
import { jsonSchemaOf, ZodBody } from '../common/validation/zod-params.js';
import { PublicLimits } from '../rate-limits/public-limits.js';
import { SubscriptionsService } from './subscriptions.service.js';

/** Who receives alerts: the public page's Web Push sign-up (no account), a coordinator's import, the counts. */
@ApiTags('alerts')
@Controller('alerts/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly limits: PublicLimits,
  ) {}

  @Get('areas')
  @Public()
  @ApiOkResponse({ schema: jsonSchemaOf(alertAreasSchema, 'output') })
  @ApiOperation({ summary: 'The areas one can subscribe to, with their outlines' })
  areas(): Promise<AlertAreas> {
    return this.subscriptions.areas();
  }

  @Get('channels')
  @Public()
  @ApiOkResponse({ schema: jsonSchemaOf(alertSignupChannelsSchema, 'output') })
  @ApiOperation({ summary: 'The other ways to sign up that are set up: the number to text, the WhatsApp number, the Telegram bot and public channel' })
  channels(): Promise<AlertSignupChannels> {
    return this.subscriptions.signupChannels();
  }

  @Get('web-push/key')
  @Public()
  @ApiOkResponse({ schema: { type: 'object', properties: { publicKey: { type: 'string' } } } })
  @ApiOperation({ summary: 'The VAPID public key browsers subscribe with' })
  key(): { publicKey: string } {
    return this.subscriptions.pushKey();
  }

  @Put('web-push')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiTooManyRequestsResponse({ description: 'Too many sign-ups from this client, or in total, just now' })
  @ApiOperation({ summary: 'Receive alerts for these areas in this language on this browser (no account; rate-limited)' })
  async subscribe(@ZodBody(webPushAlertSubscribeSchema) body: WebPushAlertSubscribe, @Ip() clientAddress: string): Promise<void> {
    await this.limits.take('alertSignup', clientAddress);
    return this.subscriptions.subscribeWebPush(body);
  }

  @Delete('web-push')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Stop alerts on this browser (the subscription is deleted)' })
  unsubscribe(@ZodBody(webPushAlertUnsubscribeSchema) body: WebPushAlertUnsubscribe): Promise<void> {
    return this.subscriptions.unsubscribeWebPush(body.endpoint);
  }

  @Get('summary')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(subscriptionSummarySchema, 'output') })
  @ApiOperation({ summary: 'Subscribers per channel × language, and the drill list' })
  summary(): Promise<SubscriptionSummary> {
    return this.subscriptions.summary();
  }

  @Post('import')
  @Roles('coordinator')
  // The contract allows a 5 MB CSV; as a JSON string (escaped quotes and line breaks, UTF-8) it can take twice that.
  @BodyLimit(12 * 1024 * 1024, 'csv')
  @HttpCode(200)
  @ApiOkResponse({ schema: jsonSchemaOf(subscriptionImportResultSchema, 'output') })
  @ApiOperation({ summary: 'Import a consented list (CSV: channel,address,areas,language)' })
  import(@ZodBody(subscriptionImportRequestSchema) body: SubscriptionImportRequest): Promise<SubscriptionImportResult> {
    return this.subscriptions.importCsv(body.csv, body.drillList ?? false);
  }
}
