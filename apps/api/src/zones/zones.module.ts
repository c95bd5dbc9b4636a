import { Module } from '@nestjs/common';
import { ZoneMatcher } from './zone-matcher.js';
import { ZonesController } from './zones.controller.js';
import { ZonesRepository } from './zones.repository.js';
import { ZonesService } from './zones.service.js';

/** Coverage zones: drawn by coordinators, matched in memory, the ground everything else stands on. */
@Module({
  controllers: [ZonesController],
  providers: [ZonesRepository, ZonesService, ZoneMatcher],
  exports: [ZoneMatcher, ZonesService],
})
export class ZonesModule {}
