import { Module } from '@nestjs/common';
import { PushController } from './push.controller.js';
import { PushRetention } from './push-retention.js';
import { PushSubscriptionsRepository } from './push-subscriptions.repository.js';
import { WebPushSender } from './web-push.sender.js';

/** Web Push to responders' phones while the app is closed. */
@Module({ controllers: [PushController], providers: [PushSubscriptionsRepository, PushRetention, WebPushSender], exports: [WebPushSender] })
export class PushModule {}
