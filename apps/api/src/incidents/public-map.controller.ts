import { type PublicIncident, publicIncidentSchema } from '@centinela/contracts';
import { snapToGrid } from '@centinela/geo';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { z } from 'zod';
import { Public } from '../auth/roles.decorator.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { jsonSchemaOf } from '../common/validation/zod-params.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { GeocodingService } from '../geocoding/geocoding.service.js';
import { IncidentsRepository } from './incidents.repository.js';

/**
 * The public map (PUBLIC_MAP, off by default): confirmed incidents only, PUBLIC_MAP_DELAY_MINUTES after
 * confirmation, located to a PUBLIC_MAP_GRID_METERS grid, what and when only, gone after PUBLIC_MAP_HOURS.
 */
@ApiTags('public')
@Controller('public')
export class PublicMapController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly incidents: IncidentsRepository,
    private readonly geocoding: GeocodingService,
  ) {}

  @Get('incidents')
  @ApiOperation({ summary: 'The public map: confirmed incidents only, delayed, coarsened, for a day (when PUBLIC_MAP is on)' })
  @Public()
  @ApiOkResponse({ schema: jsonSchemaOf(z.array(publicIncidentSchema), 'output') })
  async list(): Promise<PublicIncident[]> {
    const { enabled, delayMs, gridMeters, showForMs } = this.config.publicMap;
    if (!enabled) throw DomainError.notFound('public map');
    const now = this.clock.now();
    const rows = await this.incidents.publicConfirmed(this.uow.db, new Date(now - showForMs), new Date(now - delayMs));
    // The area is named from the coarse point, never from the reported one.
    return Promise.all(
      rows.map(async (r) => {
        const coordinates = snapToGrid(r.location.coordinates, gridMeters);
        const area = await this.geocoding.reverse(coordinates[0], coordinates[1]);
        return { ...r, location: { type: 'Point', coordinates }, area: area?.label ?? null };
      }),
    );
  }
}
