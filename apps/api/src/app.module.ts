import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Clock } from './common/clock.js';
import { AlertsModule } from './alerts/alerts.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ChannelsModule } from './channels/channels.module.js';
import { EventsModule } from './common/events/events.module.js';
import { ClusterModule } from './cluster/cluster.module.js';
import { CryptoModule } from './crypto/crypto.module.js';
import { HttpDrain } from './common/http/http-drain.js';
import { HttpErrorFilter } from './common/errors/http-error.filter.js';
import type { AppConfig } from './config/app-config.js';
import { ClientConfigController } from './config/client-config.controller.js';
import { ConfigModule } from './config/config.module.js';
import { CoverageModule } from './coverage/coverage.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DispatchModule } from './dispatch/dispatch.module.js';
import { DrillsModule } from './drills/drills.module.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { MediaModule } from './media/media.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { entities } from './entities.js';
import { HealthModule } from './health/health.module.js';
import { HotlineModule } from './hotline/hotline.module.js';
import { GeocodingModule } from './geocoding/geocoding.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MapModule } from './map/map.module.js';
import { RateLimitsModule } from './rate-limits/rate-limits.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { loggerParams } from './logging/logging.js';
import { PushModule } from './push/push.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { ReferralsModule } from './referrals/referrals.module.js';
import { RespondersModule } from './responders/responders.module.js';
import { ShiftsModule } from './shifts/shifts.module.js';
import { SightingsModule } from './sightings/sightings.module.js';
import { TelegramReportsModule } from './telegram-reports/telegram-reports.module.js';
import { ThreadsModule } from './threads/threads.module.js';
import { UsersModule } from './users/users.module.js';
import { ZonesModule } from './zones/zones.module.js';

/** What tests (and only tests) swap: where logs go, and the clock. */
export type AppOptions = { logDestination?: DestinationStream; clock?: Clock };

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, options.clock),
        LoggerModule.forRoot(loggerParams(config, options.logDestination)),
        EventsModule,
        CryptoModule,
        ClusterModule,
        DatabaseModule.forRoot(entities),
        JobsModule,
        IdempotencyModule,
        RateLimitsModule,
        RetentionModule,
        MapModule,
        GeocodingModule,
        AuthModule,
        UsersModule,
        RespondersModule,
        ZonesModule,
        IncidentsModule,
        MediaModule,
        EvidenceModule,
        DrillsModule,
        SightingsModule,
        DispatchModule,
        CoverageModule,
        ReferralsModule,
        MetricsModule,
        HotlineModule,
        PushModule,
        ChannelsModule,
        ShiftsModule,
        ThreadsModule,
        AlertsModule,
        TelegramReportsModule,
        RealtimeModule,
        HealthModule,
      ],
      controllers: [ClientConfigController],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }, HttpDrain],
    };
  }
}
