import { type Drill, drillSchema, type StartDrill, startDrillSchema } from '@centinela/contracts';
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam, ZodBody } from '../common/validation/zod-params.js';
import { DrillsService } from './drills.service.js';

const drillResponse = jsonSchemaOf(drillSchema, 'output');

@ApiTags('drills')
@Controller('drills')
export class DrillsController {
  constructor(private readonly drills: DrillsService) {}

  @Post()
  @ApiOperation({ summary: 'Start a drill: a simulated hotline call at a place, through the real chain, marked DRILL' })
  @Roles('coordinator')
  @ApiCreatedResponse({ schema: drillResponse })
  start(@ZodBody(startDrillSchema) body: StartDrill, @CurrentUser() user: AuthUser): Promise<Drill> {
    return this.drills.start(user, body);
  }

  @Get()
  @ApiOperation({ summary: 'The latest drills with their reports' })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(drillSchema), 'output') })
  list(): Promise<Drill[]> {
    return this.drills.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One drill and its report (live until it ends, then frozen)' })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: drillResponse })
  get(@UuidParam('id') id: string): Promise<Drill> {
    return this.drills.get(id);
  }

  @Post(':id/end')
  @ApiOperation({ summary: 'End a drill: its incident leaves the live map and the report is frozen' })
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ schema: drillResponse })
  end(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<Drill> {
    return this.drills.end(user, id);
  }
}
