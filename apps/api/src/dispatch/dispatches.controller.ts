import { type CreateDispatch, createDispatchSchema, type Dispatch, dispatchSchema, type UpdateDispatch, updateDispatchSchema } from '@centinela/contracts';
import { Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam, ZodBody } from '../common/validation/zod-params.js';
import { DispatchService } from './dispatch.service.js';

const dispatchResponse = jsonSchemaOf(dispatchSchema, 'output');

@ApiTags('dispatches')
@Controller()
export class DispatchesController {
  constructor(private readonly dispatches: DispatchService) {}

  /** Ask for responders for an incident: capabilities and counts (e.g. 2 verifiers, 1 legal observer). Wave 1 goes out at once. */
  @Post('incidents/:id/dispatches')
  @Roles('dispatcher', 'coordinator')
  @ApiCreatedResponse({ schema: dispatchResponse })
  create(@UuidParam('id') incidentId: string, @ZodBody(createDispatchSchema) body: CreateDispatch, @CurrentUser() user: AuthUser): Promise<Dispatch> {
    return this.dispatches.dispatch(incidentId, body, user.id);
  }

  /** The same, named by one of the incident's sightings. */
  @Post('sightings/:id/dispatches')
  @Roles('dispatcher', 'coordinator')
  @ApiCreatedResponse({ schema: dispatchResponse })
  createForSighting(@UuidParam('id') sightingId: string, @ZodBody(createDispatchSchema) body: CreateDispatch, @CurrentUser() user: AuthUser): Promise<Dispatch> {
    return this.dispatches.dispatchForSighting(sightingId, body, user.id);
  }

  @Get('dispatches/:id')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: dispatchResponse })
  get(@UuidParam('id') id: string): Promise<Dispatch> {
    return this.dispatches.get(id);
  }

  /** Add to a dispatch: new totals per capability; the extra are pinged at once. */
  @Patch('dispatches/:id')
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: dispatchResponse })
  add(@UuidParam('id') id: string, @ZodBody(updateDispatchSchema) body: UpdateDispatch): Promise<Dispatch> {
    return this.dispatches.addTo(id, body);
  }

  @Post('dispatches/:id/cancel')
  @Roles('dispatcher', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: dispatchResponse })
  cancel(@UuidParam('id') id: string): Promise<Dispatch> {
    return this.dispatches.cancel(id);
  }
}
