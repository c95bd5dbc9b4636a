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
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam, ZodBody, ZodQuery } from '../common/validation/zod-params.js';
import { ClaimsService } from './claims.service.js';
import { IncidentsService } from './incidents.service.js';
import { RecordService } from './record.service.js';

const view = jsonSchemaOf(incidentViewSchema, 'output');

@ApiTags('incidents')
@Controller()
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly claims: ClaimsService,
    private readonly record: RecordService,
  ) {}

  /** The triage queue: live incidents (or all, with `all=true`), unverified first, then newest. */
  @Get('incidents')
  @ApiOperation({ summary: 'The triage queue: live incidents (or all, with `all=true`), unverified first, then newest' })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(incidentViewSchema), 'output') })
  list(@ZodQuery(incidentsQuerySchema) query: IncidentsQuery): Promise<IncidentView[]> {
    return this.incidents.list(query);
  }

  @Get('incidents/:id')
  @ApiOperation({ summary: 'One incident, with its sightings, zones, dispatches and photos' })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: view })
  get(@UuidParam('id') id: string): Promise<IncidentView> {
    return this.incidents.get(id);
  }

  /** Everything that happened, in order, with who did it. */
  @Get('incidents/:id/timeline')
  @ApiOperation({ summary: 'Everything that happened, in order, with who did it' })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(timelineEntrySchema), 'output') })
  timeline(@UuidParam('id') id: string): Promise<TimelineEntry[]> {
    return this.incidents.timeline(id);
  }

  /** Change the status, saying why. A stale `version` gets 409 with the current state. */
  @Post('incidents/:id/status')
  @ApiOperation({ summary: 'Change the status, saying why' })
  @Roles('dispatcher', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: view })
  status(@UuidParam('id') id: string, @ZodBody(changeStatusSchema) body: ChangeStatus, @CurrentUser() user: AuthUser): Promise<IncidentView> {
    return this.incidents.changeStatus(user, id, body);
  }

  /** Fold another incident into this one (the same event reported twice). */
  @Post('incidents/:id/merge')
  @ApiOperation({ summary: 'Fold another incident into this one (the same event reported twice)' })
  @Roles('dispatcher', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: view })
  merge(@UuidParam('id') id: string, @ZodBody(mergeSchema) body: z.infer<typeof mergeSchema>, @CurrentUser() user: AuthUser): Promise<IncidentView> {
    return this.incidents.merge(user, id, body);
  }

  /** Take a sighting out into an incident of its own (it was a different event). */
  @Post('incidents/:id/split')
  @ApiOperation({ summary: 'Take a sighting out into an incident of its own (it was a different event)' })
  @Roles('dispatcher', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: view })
  split(@UuidParam('id') id: string, @ZodBody(splitSchema) body: z.infer<typeof splitSchema>, @CurrentUser() user: AuthUser): Promise<IncidentView> {
    return this.incidents.split(user, id, body);
  }

  /** "I am handling this." 409 if someone else is, unless their claim went idle. */
  @Post('incidents/:id/claim')
  @ApiOperation({ summary: '"I am handling this." 409 if someone else is, unless their claim went idle' })
  @Roles('dispatcher', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: view })
  claim(@UuidParam('id') id: string, @ZodBody(claimSchema.partial()) _body: unknown, @CurrentUser() user: AuthUser): Promise<IncidentView> {
    return this.claims.claim(user, id);
  }

  @Delete('incidents/:id/claim')
  @ApiOperation({ summary: 'Let go of an incident I claimed (a coordinator may release anyone’s)' })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: view })
  release(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<IncidentView> {
    return this.claims.release(user, id);
  }

  @Post('incidents/:id/notes')
  @ApiOperation({ summary: "Add a note to the incident's record" })
  @Roles('dispatcher', 'coordinator')
  @ApiCreatedResponse({ schema: view })
  note(@UuidParam('id') id: string, @ZodBody(noteSchema) body: { text: string }, @CurrentUser() user: AuthUser): Promise<IncidentView> {
    return this.incidents.note(user, id, body.text);
  }

  /** The after-action debrief (versioned: edits do not overwrite each other silently). */
  @Put('incidents/:id/debrief')
  @ApiOperation({ summary: 'The after-action debrief (versioned: edits do not overwrite each other silently)' })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: view })
  debrief(@UuidParam('id') id: string, @ZodBody(debriefSchema) body: { text: string; version: number }, @CurrentUser() user: AuthUser): Promise<IncidentView> {
    return this.incidents.debrief(user, id, body);
  }

  /** Witnesses' contacts: kept only WITNESS_RETENTION_DAYS, then deleted. */
  @Post('incidents/:id/witnesses')
  @ApiOperation({ summary: "Witnesses' contacts: kept only WITNESS_RETENTION_DAYS, then deleted" })
  @Roles('dispatcher', 'coordinator')
  @ApiCreatedResponse({ schema: jsonSchemaOf(z.array(witnessViewSchema), 'output') })
  addWitness(@UuidParam('id') id: string, @ZodBody(witnessSchema) body: WitnessInput, @CurrentUser() user: AuthUser): Promise<Witness[]> {
    return this.record.addWitness(user, id, body);
  }

  @Get('incidents/:id/witnesses')
  @ApiOperation({ summary: "An incident's witness contacts, each with the date it will be deleted" })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(witnessViewSchema), 'output') })
  witnesses(@UuidParam('id') id: string): Promise<Witness[]> {
    return this.record.witnessesOf(id);
  }

  @Post('incidents/:id/follow-ups')
  @ApiOperation({ summary: 'Plan a follow-up (contact the family, a legal referral, a check-in) with a due date' })
  @Roles('dispatcher', 'coordinator')
  @ApiCreatedResponse({ schema: jsonSchemaOf(followUpSchema, 'output') })
  addFollowUp(@UuidParam('id') id: string, @ZodBody(createFollowUpSchema) body: CreateFollowUp, @CurrentUser() user: AuthUser): Promise<FollowUp> {
    return this.record.addFollowUp(user, id, body);
  }

  @Get('incidents/:id/follow-ups')
  @ApiOperation({ summary: "An incident's follow-ups" })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(followUpSchema), 'output') })
  followUps(@UuidParam('id') id: string): Promise<FollowUp[]> {
    return this.record.followUpsOf(id);
  }

  /** A verifier on scene confirms or rejects the incident their ping is for. */
  @Post('pings/:id/verdict')
  @ApiOperation({ summary: 'A verifier on scene confirms or rejects the incident their ping is for' })
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
