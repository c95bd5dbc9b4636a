import {
  type CreateSighting,
  createSightingSchema,
  type SightingView,
  sightingViewSchema,
  type SightingsQuery,
  sightingsQuerySchema,
} from '@centinela/contracts';
import { Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam, ZodBody, ZodQuery } from '../common/validation/zod-params.js';
import { SightingsService } from './sightings.service.js';

const viewResponse = jsonSchemaOf(sightingViewSchema, 'output');

@ApiTags('sightings')
@Controller('sightings')
export class SightingsController {
  constructor(private readonly sightings: SightingsService) {}

  /** Log a sighting (SALUTE). Its zones' on-duty responders are pinged and every dispatcher sees it live. */
  @Post()
  @ApiOperation({ summary: 'Log a sighting (SALUTE)' })
  @Roles('dispatcher', 'coordinator')
  @ApiCreatedResponse({ schema: viewResponse })
  create(@ZodBody(createSightingSchema) body: CreateSighting, @CurrentUser() user: AuthUser): Promise<SightingView> {
    return this.sightings.logged(body, user.id);
  }

  /** The map's first paint: sightings reported since `since` (default: the last 12 hours), inside `bbox` if given. */
  @Get()
  @ApiOperation({ summary: "The map's first paint: sightings reported since `since` (default: the last 12 hours), inside `bbox` if given" })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(sightingViewSchema), 'output') })
  list(@ZodQuery(sightingsQuerySchema) query: SightingsQuery): Promise<SightingView[]> {
    return this.sightings.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One sighting, with its zones and dispatches' })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: viewResponse })
  get(@UuidParam('id') id: string): Promise<SightingView> {
    return this.sightings.get(id);
  }
}
