import {
  type DailyLog,
  type DailyLogQuery,
  dailyLogQuerySchema,
  dailyLogSchema,
  type Metrics,
  type MetricsQuery,
  metricsQuerySchema,
  metricsSchema,
} from '@centinela/contracts';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator.js';
import { jsonSchemaOf, ZodQuery } from '../common/validation/zod-params.js';
import { MetricsService } from './metrics.service.js';

/** The network's own numbers, for coordinators; the daily log also for dispatchers (shift handover). */
@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Load by hour of the week, response times, outcomes, coverage by zone and hour, answer rates. Drills excluded. */
  @Get()
  @Roles('coordinator')
  @ApiOkResponse({ schema: jsonSchemaOf(metricsSchema, 'output') })
  @ApiOperation({ summary: 'The network’s numbers' })
  numbers(@ZodQuery(metricsQuerySchema) query: MetricsQuery): Promise<Metrics> {
    return this.metrics.numbers(query);
  }

  /** Every call, report, incident, dispatch and outcome of a day (network time) or a shift. */
  @Get('daily-log')
  @Roles('coordinator', 'dispatcher')
  @ApiOkResponse({ schema: jsonSchemaOf(dailyLogSchema, 'output') })
  @ApiOperation({ summary: 'The daily log (JSON)' })
  dailyLog(@ZodQuery(dailyLogQuerySchema) query: DailyLogQuery): Promise<DailyLog> {
    return this.metrics.log(query);
  }

  @Get('daily-log.csv')
  @Roles('coordinator', 'dispatcher')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The daily log (CSV)' })
  async dailyLogCsv(@ZodQuery(dailyLogQuerySchema) query: DailyLogQuery, @Res() reply: FastifyReply): Promise<void> {
    const { csv, filename } = await this.metrics.logCsv(query);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'private, no-store')
      .send(csv);
  }
}
