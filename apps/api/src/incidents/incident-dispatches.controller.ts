import { type CreateDispatch, createDispatchSchema, type Dispatch, dispatchSchema } from '@centinela/contracts';
import { Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam, ZodBody } from '../common/validation/zod-params.js';
import { IncidentsService } from './incidents.service.js';

const dispatchResponse = jsonSchemaOf(dispatchSchema, 'output');

/**
 * Starting a dispatch for an incident. It lives here, not in the dispatch module, because asking for verifiers
 * moves the incident to `verifying` in the same transaction; the dispatch module stays unaware of incidents.
 */
@ApiTags('dispatches')
@Controller()
export class IncidentDispatchesController {
  constructor(private readonly incidents: IncidentsService) {}

  /** Ask for responders for an incident: capabilities and counts (e.g. 2 verifiers, 1 legal observer). Wave 1 goes out at once. */
  @Post('incidents/:id/dispatches')
  @Roles('dispatcher', 'coordinator')
  @ApiCreatedResponse({ schema: dispatchResponse })
  create(@UuidParam('id') incidentId: string, @ZodBody(createDispatchSchema) body: CreateDispatch, @CurrentUser() user: AuthUser): Promise<Dispatch> {
    return this.incidents.dispatch(incidentId, body, user.id);
  }

  /** The same, named by one of the incident's sightings. */
  @Post('sightings/:id/dispatches')
  @Roles('dispatcher', 'coordinator')
  @ApiCreatedResponse({ schema: dispatchResponse })
  createForSighting(
    @UuidParam('id') sightingId: string,
    @ZodBody(createDispatchSchema) body: CreateDispatch,
    @CurrentUser() user: AuthUser,
  ): Promise<Dispatch> {
    return this.incidents.dispatchForSighting(sightingId, body, user.id);
  }
}
