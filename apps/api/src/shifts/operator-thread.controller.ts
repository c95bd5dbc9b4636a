import { type OperatorMessage, operatorMessageSchema, type PostOperatorMessage, postOperatorMessageSchema } from '@centinela/contracts';
import { Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, ZodBody } from '../common/validation/zod-params.js';
import { OperatorThread } from './operator-thread.js';

/** The operators' shared thread (dispatchers and coordinators), live over the socket. */
@ApiTags('shifts')
@Controller('shifts/thread')
export class OperatorThreadController {
  constructor(private readonly thread: OperatorThread) {}

  @Get()
  @Roles('coordinator', 'dispatcher')
  @ApiOperation({ summary: 'The operators’ thread: the latest messages' })
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(operatorMessageSchema), 'output') })
  latest(): Promise<OperatorMessage[]> {
    return this.thread.latest();
  }

  @Post()
  @Roles('coordinator', 'dispatcher')
  @ApiOperation({ summary: 'Write to the operators’ thread' })
  @ApiCreatedResponse({ schema: jsonSchemaOf(operatorMessageSchema, 'output') })
  post(@CurrentUser() user: AuthUser, @ZodBody(postOperatorMessageSchema) body: PostOperatorMessage): Promise<OperatorMessage> {
    return this.thread.post(user, body.text);
  }
}
