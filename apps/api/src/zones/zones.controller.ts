import {
  type AssignResponders,
  assignRespondersSchema,
  type CreateZone,
  createZoneSchema,
  type UpdateZone,
  updateZoneSchema,
  type Zone,
  zoneSchema,
} from '@centinela/contracts';
import { Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator.js';
import { jsonSchemaOf, UuidParam, ZodBody } from '../common/validation/zod-params.js';
import { ZonesService } from './zones.service.js';

const zoneResponse = jsonSchemaOf(zoneSchema, 'output');

@ApiTags('zones')
@Controller('zones')
export class ZonesController {
  constructor(private readonly zones: ZonesService) {}

  @Get()
  @Roles('coordinator', 'dispatcher', 'responder')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(zoneSchema), 'output') })
  list(): Promise<Zone[]> {
    return this.zones.list();
  }

  @Get(':id')
  @Roles('coordinator', 'dispatcher', 'responder')
  @ApiOkResponse({ schema: zoneResponse })
  get(@UuidParam('id') id: string): Promise<Zone> {
    return this.zones.get(id);
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
