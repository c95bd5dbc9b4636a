import {
  type AssignResponders,
  assignRespondersSchema,
  type CreateZone,
  createZoneSchema,
  type UpdateZone,
  updateZoneSchema,
  type Zone,
  type ZoneOutline,
  zoneOutlineSchema,
  zoneSchema,
} from '@centinela/contracts';
import { Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam, ZodBody } from '../common/validation/zod-params.js';
import { ZonesService } from './zones.service.js';

const zoneResponse = jsonSchemaOf(zoneSchema, 'output');

const outline = ({ responderIds: _members, ...zone }: Zone): ZoneOutline => zone;

@ApiTags('zones')
@Controller('zones')
export class ZonesController {
  constructor(private readonly zones: ZonesService) {}

  /** Every zone. Responders get outlines only (shape and name): who else covers a zone is not theirs to know. */
  @Get()
  @Roles('coordinator', 'dispatcher', 'responder')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(z.union([zoneSchema, zoneOutlineSchema])), 'output') })
  async list(@CurrentUser() user: AuthUser): Promise<(Zone | ZoneOutline)[]> {
    const zones = await this.zones.list();
    return user.role === 'responder' ? zones.map(outline) : zones;
  }

  @Get(':id')
  @Roles('coordinator', 'dispatcher', 'responder')
  @ApiOkResponse({ schema: jsonSchemaOf(z.union([zoneSchema, zoneOutlineSchema]), 'output') })
  async get(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<Zone | ZoneOutline> {
    const zone = await this.zones.get(id);
    return user.role === 'responder' ? outline(zone) : zone;
  }

  @Post()
  @Roles('coordinator')
  @ApiCreatedResponse({ schema: zoneResponse })
  create(@ZodBody(createZoneSchema) body: CreateZone): Promise<Zone> {
    return this.zones.create(body);
  }

  @Patch(':id')
  @Roles('coordinator')
  @ApiOkResponse({ schema: zoneResponse })
  update(@UuidParam('id') id: string, @ZodBody(updateZoneSchema) body: UpdateZone): Promise<Zone> {
    return this.zones.update(id, body);
  }

  @Delete(':id')
  @Roles('coordinator')
  @HttpCode(204)
  @ApiNoContentResponse()
  delete(@UuidParam('id') id: string): Promise<void> {
    return this.zones.delete(id);
  }

  /** Replace the zone's responders with exactly these. */
  @Put(':id/responders')
  @Roles('coordinator')
  @ApiOkResponse({ schema: zoneResponse })
  assignResponders(@UuidParam('id') id: string, @ZodBody(assignRespondersSchema) body: AssignResponders): Promise<Zone> {
    return this.zones.assignResponders(id, body);
  }
}
