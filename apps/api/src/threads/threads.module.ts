import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { MediaModule } from '../media/media.module.js';
import { SightingsModule } from '../sightings/sightings.module.js';
import { ThreadSightingsService } from './thread-sightings.service.js';
import { ThreadsController } from './threads.controller.js';
import { ThreadsRepository } from './threads.repository.js';
import { ThreadsRetention } from './threads-retention.js';
import { ThreadsService } from './threads.service.js';

/** Conversations with people who text the hotline, live in the dispatch console. */
@Module({
  imports: [ChannelsModule, MediaModule, SightingsModule, IncidentsModule],
  controllers: [ThreadsController],
  providers: [ThreadsRepository, ThreadsService, ThreadSightingsService, ThreadsRetention],
  exports: [ThreadsService],
})
export class ThreadsModule {}
