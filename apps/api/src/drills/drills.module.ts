import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { SightingsModule } from '../sightings/sightings.module.js';
import { DrillsController } from './drills.controller.js';
import { DrillsRepository } from './drills.repository.js';
import { DrillsService } from './drills.service.js';

/** Drills: practice runs through the real chain, and their reports. */
@Module({ imports: [SightingsModule, IncidentsModule], controllers: [DrillsController], providers: [DrillsService, DrillsRepository] })
export class DrillsModule {}
