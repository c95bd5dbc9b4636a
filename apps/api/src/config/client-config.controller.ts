import { type ClientConfig, clientConfigSchema } from '@centinela/contracts';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator.js';
import { jsonSchemaOf } from '../common/validation/zod-params.js';
import type { AppConfig } from './app-config.js';
import { APP_CONFIG } from './config.module.js';

/** What the web app needs before sign-in: the basemap and where to centre the map. */
@ApiTags('public')
@Controller('config')
export class ClientConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: 'What the web app needs to start: map style and view, the push key, which features are on' })
  @Public()
  @ApiOkResponse({ schema: jsonSchemaOf(clientConfigSchema, 'output') })
  get(): ClientConfig {
    return {
      mapStyleUrl: this.config.map.styleUrl ?? null,
      defaultCenter: this.config.map.center,
      defaultZoom: this.config.map.zoom,
      languages: ['en', 'es'],
    };
  }
}
