import { Module } from '@nestjs/common';
import { ZonesModule } from '../zones/zones.module.js';
import { LiveLocationSync } from './live-location-sync.js';
import { LiveLocations } from './live-locations.js';
import { LiveLocationsRepository } from './live-locations.repository.js';
import { RespondersController } from './responders.controller.js';
import { RespondersRepository } from './responders.repository.js';
import { RespondersService } from './responders.service.js';
import { Roster } from './roster.js';

/** Responders: profiles, duty, the in-memory roster dispatch selects from, and live locations. */
@Module({
  imports: [ZonesModule],
  controllers: [RespondersController],
  providers: [RespondersRepository, RespondersService, Roster, LiveLocations, LiveLocationSync, LiveLocationsRepository],
  exports: [RespondersService, Roster, LiveLocations],
})
export class RespondersModule {}
