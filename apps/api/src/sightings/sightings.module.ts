import { Module } from '@nestjs/common';
import { DispatchModule } from '../dispatch/dispatch.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { MediaModule } from '../media/media.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { ReportsController } from './reports.controller.js';
import { SightingsController } from './sightings.controller.js';
import { SightingsRepository } from './sightings.repository.js';
import { SightingsService } from './sightings.service.js';

/** Sightings: logged by dispatchers, reported by the public, matched to zones, shown on the map. */
@Module({
  imports: [ZonesModule, DispatchModule, IncidentsModule, MediaModule],
  controllers: [SightingsController, ReportsController],
  providers: [SightingsRepository, SightingsService],
  exports: [SightingsService],
})
export class SightingsModule {}
