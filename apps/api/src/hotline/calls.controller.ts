import {
  type CallbackUpdate,
  callbackUpdateSchema,
  callerNumberSchema,
  type CallSighting,
  callSightingSchema,
  type HotlineCall,
  hotlineCallSchema,
  type SightingView,
} from '@centinela/contracts';
import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam, ZodBody } from '../common/validation/zod-params.js';
import { CallsService } from './calls.service.js';

@ApiTags('hotline')
@Controller('hotline/calls')
@Roles('dispatcher', 'coordinator')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Get()
  @ApiOperation({ summary: 'Hotline calls for the console: the last 12 hours, and older missed calls whose call-back is open' })
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(hotlineCallSchema), 'output') })
  list(): Promise<HotlineCall[]> {
    return this.calls.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One hotline call' })
  @ApiOkResponse({ schema: jsonSchemaOf(hotlineCallSchema, 'output') })
  get(@UuidParam('id') id: string): Promise<HotlineCall> {
    return this.calls.get(id);
  }

  @Patch(':id/callback')
  @ApiOperation({ summary: "A missed call's call-back: take it, give it back, mark it done or open again" })
  @ApiOkResponse({ schema: jsonSchemaOf(hotlineCallSchema, 'output') })
  @ApiConflictResponse({ description: 'The call was answered: it has no call-back' })
  callback(@UuidParam('id') id: string, @ZodBody(callbackUpdateSchema) body: CallbackUpdate, @CurrentUser() user: AuthUser): Promise<HotlineCall> {
    return this.calls.callback(user, id, body);
  }

  @Get(':id/caller')
  @ApiOperation({ summary: "The caller's number, for whoever took the call-back or answered (404 once purged after CALLER_RETENTION_DAYS)" })
  @ApiOkResponse({ schema: jsonSchemaOf(callerNumberSchema, 'output') })
  caller(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<{ number: string }> {
    return this.calls.callerNumber(user, id);
  }

  @Post(':id/ban')
  @HttpCode(200)
  @ApiOperation({ summary: "Ban the call's number: its next calls get a polite hang-up (recorded)" })
  @ApiOkResponse({ schema: jsonSchemaOf(hotlineCallSchema, 'output') })
  ban(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<HotlineCall> {
    return this.calls.ban(user, id, true);
  }

  @Delete(':id/ban')
  @ApiOperation({ summary: "Lift the ban on the call's number" })
  @ApiOkResponse({ schema: jsonSchemaOf(hotlineCallSchema, 'output') })
  unban(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<HotlineCall> {
    return this.calls.ban(user, id, false);
  }

  @Post(':id/sighting')
  @ApiOperation({ summary: 'Log the SALUTE form from a call: a hotline-call sighting linked to the call (its timeline records the call)' })
  @ApiCreatedResponse({ schema: jsonSchemaOf(z.custom<SightingView>(), 'output') })
  @ApiConflictResponse({ description: 'A sighting was already logged from this call' })
  sighting(@UuidParam('id') id: string, @ZodBody(callSightingSchema) body: CallSighting, @CurrentUser() user: AuthUser): Promise<SightingView> {
    return this.calls.logSighting(user, id, body);
  }
}
