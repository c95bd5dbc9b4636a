import { Module } from '@nestjs/common';
import { DispatchModule } from '../dispatch/dispatch.module.js';
import { GeocodingModule } from '../geocoding/geocoding.module.js';
import { RespondersModule } from '../responders/responders.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { ClaimsService } from './claims.service.js';
import { FollowUpsController } from './follow-ups.controller.js';
import { FollowUpsRepository } from './follow-ups.repository.js';
import { IncidentBroadcaster } from './incident-broadcaster.js';
import { IncidentLog } from './incident-log.js';
import { IncidentPlacement } from './incident-placement.js';
import { IncidentLogRepository } from './incident-log.repository.js';
import { IncidentDispatchesController } from './incident-dispatches.controller.js';
import { IncidentRetention } from './incident-retention.js';
import { IncidentRetentionRepository } from './incident-retention.repository.js';
import { IncidentSweeper } from './incident-sweeper.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsRepository } from './incidents.repository.js';
import { IncidentsService } from './incidents.service.js';
import { PublicMapController } from './public-map.controller.js';
import { RecordService } from './record.service.js';
import { VerdictsRepository } from './verdicts.repository.js';
import { WitnessesRepository } from './witnesses.repository.js';

/** Incidents: one event, many sightings; verified, dispatched and documented. */
@Module({
  imports: [DispatchModule, GeocodingModule, RespondersModule, ZonesModule],
  controllers: [IncidentsController, IncidentDispatchesController, FollowUpsController, PublicMapController],
  providers: [
    IncidentsRepository,
    IncidentsService,
    IncidentLogRepository,
    IncidentLog,
    IncidentPlacement,
    ClaimsService,
    VerdictsRepository,
    WitnessesRepository,
    FollowUpsRepository,
    RecordService,
    IncidentBroadcaster,
    IncidentSweeper,
    IncidentRetentionRepository,
    IncidentRetention,
  ],
  exports: [IncidentsService, IncidentLog, IncidentPlacement, RecordService],
})
export class IncidentsModule {}
