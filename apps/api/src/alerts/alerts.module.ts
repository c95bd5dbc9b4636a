import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module.js';
import { GeocodingModule } from '../geocoding/geocoding.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { AlertImagesController } from './alert-images.controller.js';
import { AlertImages } from './alert-images.js';
import { AlertImagesRepository } from './alert-images.repository.js';
import { AlertPushSender } from './alert-push.js';
import { AlertViews } from './alert-views.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsRetention } from './alerts-retention.js';
import { AlertApprovalsRepository } from './alert-approvals.repository.js';
import { AlertsRepository } from './alerts.repository.js';
import { ApprovalsService } from './approvals.service.js';
import { ComposerService } from './composer.service.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { AlertSender } from './alert-sender.js';
import { FanOut } from './fan-out.js';
import { FeedsController } from './feeds.controller.js';
import { FeedsService } from './feeds.service.js';
import { SendWindowsRepository } from './send-windows.repository.js';
import { SignupHandler } from './signup.handler.js';
import { SubscribersRepository } from './subscribers.repository.js';
import { SubscriptionsController } from './subscriptions.controller.js';
import { SubscriptionsService } from './subscriptions.service.js';
import { TemplatesController } from './templates.controller.js';
import { TemplatesService } from './templates.service.js';

/** Community alerts: subscribers, composer, two-person approval, fan-out, feeds. */
@Module({
  imports: [ChannelsModule, GeocodingModule, IncidentsModule],
  controllers: [SubscriptionsController, TemplatesController, FeedsController, AlertImagesController, AlertsController],
  providers: [
    AlertsRepository,
    AlertApprovalsRepository,
    AlertsRetention,
    AlertImagesRepository,
    AlertImages,
    SubscribersRepository,
    DeliveriesRepository,
    SendWindowsRepository,
    AlertViews,
    AlertPushSender,
    ComposerService,
    ApprovalsService,
    AlertSender,
    FanOut,
    FeedsService,
    SubscriptionsService,
    SignupHandler,
    TemplatesService,
  ],
})
export class AlertsModule {}
