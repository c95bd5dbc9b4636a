import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { MediaController } from './media.controller.js';
import { MediaRepository } from './media.repository.js';
import { MediaRetention } from './media-retention.js';
import { MediaService } from './media.service.js';

/** Photos on incidents' records. */
@Module({
  imports: [IncidentsModule],
  controllers: [MediaController],
  providers: [MediaRepository, MediaService, MediaRetention],
  exports: [MediaService],
})
export class MediaModule {}
