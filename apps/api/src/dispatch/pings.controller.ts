import { type AckPing, ackPingSchema, type Ping, pingSchema } from '@centinela/contracts';
import { Controller, Get, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentResponderId } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { IdempotencyExempt } from '../idempotency/idempotency.interceptor.js';
import { DomainError } from '../common/errors/domain-error.js';
import { jsonSchemaOf, UuidParam, ZodBody } from '../common/validation/zod-params.js';
import { DispatchService } from './dispatch.service.js';

const idempotencyKey = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/);

@ApiTags('pings')
@Controller('pings')
export class PingsController {
  constructor(private readonly dispatch: DispatchService) {}

  /** My latest pings, newest first. */
  @Get('mine')
  @Roles('responder')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(pingSchema), 'output') })
  mine(@CurrentResponderId() responderId: string): Promise<Ping[]> {
    return this.dispatch.mine(responderId);
  }

  /** Answer a ping sent to me. Answers queued offline carry an Idempotency-Key so a resend counts once. */
  @Post(':id/ack')
  @Roles('responder')
  @HttpCode(200)
  // Answers keep their key with the answer (ping_answers): a resend from the offline queue returns the ping as it is now.
  @IdempotencyExempt()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '8–100 characters [A-Za-z0-9_-], unique per answer' })
  @ApiOkResponse({ schema: jsonSchemaOf(pingSchema, 'output') })
  ack(
    @CurrentResponderId() responderId: string,
    @UuidParam('id') id: string,
    @ZodBody(ackPingSchema) body: AckPing,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<Ping> {
    if (key !== undefined && !idempotencyKey.safeParse(key).success) {
      throw DomainError.invalid([{ path: 'Idempotency-Key', message: 'must be 8–100 characters of letters, digits, _ or -' }]);
    }
    return this.dispatch.acknowledge(responderId, id, body, key ?? null);
  }
}
