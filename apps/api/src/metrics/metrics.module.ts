import { Module } from '@nestjs/common';
import { DailyLogRepository } from './daily-log.repository.js';
import { FactsRepository } from './facts.repository.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';

/** The network's numbers and the daily log, computed in SQL from the incidents' record. */
@Module({
  controllers: [MetricsController],
  providers: [FactsRepository, MetricsRepository, DailyLogRepository, MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
