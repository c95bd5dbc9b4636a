import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module.js';
import { GeocodingModule } from '../geocoding/geocoding.module.js';
import { MediaModule } from '../media/media.module.js';
import { SightingsModule } from '../sightings/sightings.module.js';
import { TelegramDraftsRepository } from './telegram-drafts.repository.js';
import { TelegramDraftsRetention } from './telegram-drafts-retention.js';
import { TelegramFlowService } from './telegram-flow.service.js';

/** Telegram's guided report flow, ending in a `reported` sighting. */
@Module({
  imports: [ChannelsModule, GeocodingModule, MediaModule, SightingsModule],
  providers: [TelegramDraftsRepository, TelegramFlowService, TelegramDraftsRetention],
})
export class TelegramReportsModule {}
