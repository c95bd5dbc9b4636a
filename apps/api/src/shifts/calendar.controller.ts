import { type CalendarFeed, calendarFeedSchema } from '@centinela/contracts';
import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Public, Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import { jsonSchemaOf } from '../common/validation/zod-params.js';
import { CalendarFeeds } from './calendar-feeds.js';

/** My shifts in my own calendar app, at a secret address I can revoke. */
@ApiTags('shifts')
@Controller('shifts/calendar')
export class CalendarController {
  constructor(private readonly feeds: CalendarFeeds) {}

  @Post()
  @Roles('coordinator', 'dispatcher', 'responder')
  @ApiOperation({ summary: 'Make a new secret calendar address (the previous one stops working)' })
  @ApiCreatedResponse({ schema: jsonSchemaOf(calendarFeedSchema, 'output') })
  regenerate(@CurrentUser() user: AuthUser): Promise<CalendarFeed> {
    return this.feeds.regenerate(user.id);
  }

  @Delete()
  @Roles('coordinator', 'dispatcher', 'responder')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke my calendar address' })
  @ApiNoContentResponse()
  revoke(@CurrentUser() user: AuthUser): Promise<void> {
    return this.feeds.revoke(user.id);
  }

  @Get(':file')
  @Public()
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'A calendar feed (RFC 5545) at its secret address' })
  async feed(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    if (!file.endsWith('.ics')) throw DomainError.notFound('calendar feed');
    const body = await this.feeds.render(file.slice(0, -4));
    await reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('referrer-policy', 'no-referrer')
      .send(body);
  }
}
