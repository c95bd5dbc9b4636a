import { type PushSubscriptionJson, pushSubscriptionSchema, pushUnsubscribeSchema } from '@centinela/contracts';
import { Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentResponderId } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ZodBody } from '../common/validation/zod-params.js';
import { WebPushSender } from './web-push.sender.js';

@ApiTags('push')
@Controller('push')
export class PushController {
  constructor(private readonly push: WebPushSender) {}

  /** The VAPID public key browsers subscribe with (applicationServerKey). */
  @Get('key')
  @ApiOperation({ summary: 'The VAPID public key browsers subscribe with (applicationServerKey)' })
  @Roles('responder')
  @ApiOkResponse({ schema: { type: 'object', properties: { publicKey: { type: 'string' } } } })
  key(): { publicKey: string } {
    return { publicKey: this.push.publicKey };
  }

  /** Receive pings while the app is closed. Deleted again on sign-out and when going off duty. */
  @Put('subscription')
  @ApiOperation({ summary: 'Receive pings while the app is closed' })
  @Roles('responder')
  @HttpCode(204)
  @ApiNoContentResponse()
  subscribe(@CurrentResponderId() responderId: string, @ZodBody(pushSubscriptionSchema) body: PushSubscriptionJson): Promise<void> {
    return this.push.subscribe(responderId, body);
  }

  @Delete('subscription')
  @ApiOperation({ summary: 'Stop receiving pings on this browser' })
  @Roles('responder')
  @HttpCode(204)
  @ApiNoContentResponse()
  unsubscribe(@CurrentResponderId() responderId: string, @ZodBody(pushUnsubscribeSchema) body: { endpoint: string }): Promise<void> {
    return this.push.unsubscribe(responderId, body.endpoint);
  }
}
