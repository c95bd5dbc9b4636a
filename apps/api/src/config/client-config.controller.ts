import { type ClientConfig, clientConfigSchema } from '@centinela/contracts';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator.js';
import { jsonSchemaOf } from '../common/validation/zod-params.js';
import { MapVersionService } from '../map/map-version.service.js';
import type { AppConfig } from './app-config.js';
import { APP_CONFIG } from './config.module.js';

/** Where the maps open without zones to frame: the world, when nothing says otherwise. */
const WORLD: { center: [number, number]; zoom: number } = { center: [0, 20], zoom: 1.5 };

/** What the web app needs before sign-in: the basemap and where to centre the map. */
@ApiTags('public')
@Controller('config')
export class ClientConfigController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly versions: MapVersionService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'What the web app needs to start: map style and view, the push key, which features are on' })
  @Public()
  @ApiOkResponse({ schema: jsonSchemaOf(clientConfigSchema, 'output') })
  get(): ClientConfig {
    const map = this.versions.current();
    const [w, s, e, n] = map?.bbox ?? [0, 0, 0, 0];
    const fallback = map ? { center: [(w + e) / 2, (s + n) / 2] as [number, number], zoom: 13 } : WORLD;
    return {
      mapStyleUrl: this.config.map.styleUrl ?? (map ? '/api/map/style.json' : null),
      streetMap: map !== null,
      defaultCenter: this.config.map.center ?? fallback.center,
      defaultZoom: this.config.map.zoom ?? fallback.zoom,
      languages: ['en', 'es'],
    };
  }
}
