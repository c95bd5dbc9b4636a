import { type OperatorSettings, operatorSettingsSchema, type OperatorSettingsUpdate, operatorSettingsUpdateSchema } from '@centinela/contracts';
import { Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { AuthUser } from '../auth/token.service.js';
import { jsonSchemaOf, UuidParam, ZodBody } from '../common/validation/zod-params.js';
import { OperatorsService } from './operators.service.js';

@ApiTags('hotline')
@Controller('hotline/operators')
export class OperatorsController {
  constructor(private readonly operators: OperatorsService) {}

  @Get()
  @Roles('coordinator')
  @ApiOperation({ summary: "Every operator's call settings (numbers shown as hints only)" })
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(operatorSettingsSchema), 'output') })
  list(): Promise<OperatorSettings[]> {
    return this.operators.list();
  }

  @Get('me')
  @Roles('dispatcher', 'coordinator')
  @ApiOperation({ summary: 'My call settings: the phone the hotline rings (a hint), my languages, the fallback group' })
  @ApiOkResponse({ schema: jsonSchemaOf(operatorSettingsSchema, 'output') })
  mine(@CurrentUser() user: AuthUser): Promise<OperatorSettings> {
    return this.operators.get(user.id);
  }

  @Put('me')
  @Roles('dispatcher', 'coordinator')
  @ApiOperation({ summary: 'Set my call settings (phone and email are write-only)' })
  @ApiOkResponse({ schema: jsonSchemaOf(operatorSettingsSchema, 'output') })
  updateMine(@ZodBody(operatorSettingsUpdateSchema) body: OperatorSettingsUpdate, @CurrentUser() user: AuthUser): Promise<OperatorSettings> {
    return this.operators.update(user.id, body);
  }

  @Put(':userId')
  @Roles('coordinator')
  @ApiOperation({ summary: "Set an operator's call settings" })
  @ApiOkResponse({ schema: jsonSchemaOf(operatorSettingsSchema, 'output') })
  update(@UuidParam('userId') userId: string, @ZodBody(operatorSettingsUpdateSchema) body: OperatorSettingsUpdate): Promise<OperatorSettings> {
    return this.operators.update(userId, body);
  }
}
