import { type Coverage, coverageSchema } from '@centinela/contracts';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { jsonSchemaOf } from '../common/validation/zod-params.js';
import { CoverageService } from './coverage.service.js';

@ApiTags('coverage')
@Controller('coverage')
export class CoverageController {
  constructor(private readonly coverage: CoverageService) {}

  /** Per zone: on-duty members, responders inside, and the share of its area reachable within the window. */
  @Get()
  @ApiOperation({ summary: 'Per zone: on-duty members, responders inside, and the share of its area reachable within the window' })
  @Roles('dispatcher', 'coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(coverageSchema, 'output') })
  get(): Coverage {
    return this.coverage.current();
  }
}
