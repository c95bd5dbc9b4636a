import { Module } from '@nestjs/common';
import { MapModule } from '../map/map.module.js';
import { GeocodingController, PublicGeocodingController } from './geocoding.controller.js';
import { GeocodingRepository } from './geocoding.repository.js';
import { GeocodingService } from './geocoding.service.js';

/** Address and cross-street search; other modules import it for `GeocodingService`. */
@Module({
  imports: [MapModule],
  controllers: [GeocodingController, PublicGeocodingController],
  providers: [GeocodingRepository, GeocodingService],
  exports: [GeocodingService],
})
export class GeocodingModule {}
