import {
  type SightingView,
  sightingViewSchema,
  type ThreadMessage,
  threadMessageSchema,
  type ThreadReply,
  threadReplySchema,
  type ThreadSighting,
  threadSightingSchema,
  type ThreadSummary,
  threadSummarySchema,
  type ThreadView,
  threadViewSchema,
} from '@centinela/contracts';
import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam, ZodBody } from '../common/validation/zod-params.js';
import { ThreadSightingsService } from './thread-sightings.service.js';
import { ThreadsService } from './threads.service.js';

@ApiTags('threads')
@Controller('threads')
export class ThreadsController {
  constructor(
    private readonly threads: ThreadsService,
    private readonly sightings: ThreadSightingsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Message threads (SMS, WhatsApp, Telegram), newest first, with unread counts' })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(threadSummarySchema), 'output') })
  list(): Promise<ThreadSummary[]> {
    return this.threads.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One thread with its messages and their delivery status' })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(threadViewSchema, 'output') })
  view(@UuidParam('id') id: string): Promise<ThreadView> {
    return this.threads.view(id);
  }

  @Post(':id/read')
  @ApiOperation({ summary: 'Mark a thread read' })
  @Roles('dispatcher', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: jsonSchemaOf(threadSummarySchema, 'output') })
  read(@UuidParam('id') id: string): Promise<ThreadSummary> {
    return this.threads.markRead(id);
  }

  @Post(':id/messages')
  @ApiOperation({ summary: 'Reply to the sender from the thread' })
  @Roles('dispatcher', 'coordinator')
  @ApiCreatedResponse({ schema: jsonSchemaOf(threadMessageSchema, 'output') })
  reply(@UuidParam('id') id: string, @ZodBody(threadReplySchema) body: ThreadReply, @CurrentUser() user: AuthUser): Promise<ThreadMessage> {
    return this.threads.reply(id, body.text, user);
  }

  @Post(':id/sighting')
  @ApiOperation({ summary: 'Turn the thread into a sighting (SALUTE); the sighting keeps the thread' })
  @Roles('dispatcher', 'coordinator')
  @ApiCreatedResponse({ schema: jsonSchemaOf(sightingViewSchema, 'output') })
  sighting(@UuidParam('id') id: string, @ZodBody(threadSightingSchema) body: ThreadSighting, @CurrentUser() user: AuthUser): Promise<SightingView> {
    return this.sightings.create(id, body, user);
  }

  @Get(':id/messages/:messageId/photo')
  @ApiOperation({ summary: "A sender's photo (metadata stripped), never cached" })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ description: 'The image' })
  async photo(@UuidParam('id') id: string, @UuidParam('messageId') messageId: string, @Res() reply: FastifyReply): Promise<void> {
    const { bytes, contentType } = await this.threads.photo(id, messageId);
    await reply.header('content-type', contentType).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(bytes);
  }
}
