import {
  type ChangeStatus,
  changeStatusSchema,
  claimSchema,
  type CreateFollowUp,
  createFollowUpSchema,
  debriefSchema,
  type FollowUp,
  followUpSchema,
  incidentViewSchema,
  type IncidentView,
  type IncidentsQuery,
  incidentsQuerySchema,
  mergeSchema,
  noteSchema,
  splitSchema,
  type TimelineEntry,
  timelineEntrySchema,
  type VerdictRequest,
  verdictRequestSchema,
  type Witness,
  type WitnessInput,
  witnessSchema,
  witnessViewSchema,
} from '@centinela/contracts';
import { Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam, ZodBody, ZodQuery } from '../common/validation/zod-params.js';
import { IncidentsService } from './incidents.service.js';
import { RecordService } from './record.service.js';

const view = jsonSchemaOf(incidentViewSchema, 'output');

@ApiTags('incidents')
@Controller()
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly record: RecordService,
  ) {}

  /** The triage queue: live incidents (or all, with `all=true`), unverified first, then newest. */
  @Get('incidents')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(incidentViewSchema), 'output') })
  list(@ZodQuery(incidentsQuerySchema) query: IncidentsQuery): Promise<IncidentView[]> {
    return this.incidents.list(query);
  }

  @Get('incidents/:id')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: view })
  get(@UuidParam('id') id: string): Promise<IncidentView> {
    return this.incidents.get(id);
  }

  /** Everything that happened, in order, with who did it. */
  @Get('incidents/:id/timeline')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(timelineEntrySchema), 'output') })
  timeline(@UuidParam('id') id: string): Promise<TimelineEntry[]> {
    return this.incidents.timeline(id);
  }

  /** Change the status, saying why. A stale `version` gets 409 with the current state. */
  @Post('incidents/:id/status')
  @Roles('dispatcher', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: view })
  status(@UuidParam('id') id: string, @ZodBody(changeStatusSchema) body: ChangeStatus, @CurrentUser() user: AuthUser): Promise<IncidentView> {
    return this.incidents.changeStatus(user, id, body);
  }

  /** Fold another incident into this one (the same event reported twice). */
  @Post('incidents/:id/merge')
  @Roles('dispatcher', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: view })
  merge(@UuidParam('id') id: string, @ZodBody(mergeSchema) body: z.infer<typeof mergeSchema>, @CurrentUser() user: AuthUser): Promise<IncidentView> {
    return this.incidents.merge(user, id, body);
  }

  /** Take a sighting out into an incident of its own (it was a different event). */
  @Post('incidents/:id/split')
  @Roles('dispatcher', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: view })
  split(@UuidParam('id') id: string, @ZodBody(splitSchema) body: z.infer<typeof splitSchema>, @CurrentUser() user: AuthUser): Promise<IncidentView> {
    return this.incidents.split(user, id, body);
  }

  /** "I am handling this." 409 if someone else is, unless their claim went idle. */
  @Post('incidents/:id/claim')
  @Roles('dispatcher', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: view })
  claim(@UuidParam('id') id: string, @ZodBody(claimSchema.partial()) _body: unknown, @CurrentUser() user: AuthUser): Promise<IncidentView> {
    return this.incidents.claim(user, id);
  }

  @Delete('incidents/:id/claim')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: view })
  release(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<IncidentView> {
    return this.incidents.release(user, id);
  }

  @Post('incidents/:id/notes')
  @Roles('dispatcher', 'coordinator')
  @ApiCreatedResponse({ schema: view })
  note(@UuidParam('id') id: string, @ZodBody(noteSchema) body: { text: string }, @CurrentUser() user: AuthUser): Promise<IncidentView> {
    return this.incidents.note(user, id, body.text);
  }

  /** The after-action debrief (versioned: edits do not overwrite each other silently). */
  @Put('incidents/:id/debrief')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: view })
  debrief(@UuidParam('id') id: string, @ZodBody(debriefSchema) body: { text: string; version: number }, @CurrentUser() user: AuthUser): Promise<IncidentView> {
    return this.incidents.debrief(user, id, body);
  }

  /** Witnesses' contacts: kept only WITNESS_RETENTION_DAYS, then deleted. */
  @Post('incidents/:id/witnesses')
  @Roles('dispatcher', 'coordinator')
  @ApiCreatedResponse({ schema: jsonSchemaOf(z.array(witnessViewSchema), 'output') })
  addWitness(@UuidParam('id') id: string, @ZodBody(witnessSchema) body: WitnessInput, @CurrentUser() user: AuthUser): Promise<Witness[]> {
    return this.record.addWitness(user, id, body);
  }

  @Get('incidents/:id/witnesses')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(witnessViewSchema), 'output') })
  witnesses(@UuidParam('id') id: string): Promise<Witness[]> {
    return this.record.witnessesOf(id);
  }

  @Post('incidents/:id/follow-ups')
  @Roles('dispatcher', 'coordinator')
  @ApiCreatedResponse({ schema: jsonSchemaOf(followUpSchema, 'output') })
  addFollowUp(@UuidParam('id') id: string, @ZodBody(createFollowUpSchema) body: CreateFollowUp, @CurrentUser() user: AuthUser): Promise<FollowUp> {
    return this.record.addFollowUp(user, id, body);
  }

  @Get('incidents/:id/follow-ups')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(followUpSchema), 'output') })
  followUps(@UuidParam('id') id: string): Promise<FollowUp[]> {
    return this.record.followUpsOf(id);
  }

  /** A verifier on scene confirms or rejects the incident their ping is for. */
  @Post('pings/:id/verdict')
  @Roles('responder')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The verdict was recorded' })
  async verdict(
    @UuidParam('id') pingId: string,
    @ZodBody(verdictRequestSchema) body: VerdictRequest,
    @CurrentUser() user: AuthUser,
  ): Promise<{ status: string }> {
    const { incident } = await this.incidents.verdict(user, pingId, body);
    return { status: incident.status };
  }
}
