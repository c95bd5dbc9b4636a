import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { RateLimits } from '../rate-limits/rate-limits.service.js';

/**
 * Rate-limits anonymous reports without keeping IP addresses: a client is known only by a keyed hash of its
 * address that changes every day (RateLimits.clientId). Two limits, shared by every API process: per client (a
 * flood from one phone), and in total (a flood from many), since false reports are used as a weapon.
 */
@Injectable()
export class PublicReportLimiter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limits: RateLimits,
  ) {}

  /** Counts one report from `clientAddress`, or throws `rate_limited`. */
  async take(clientAddress: string): Promise<void> {
    const { perClient, perClientWindowSeconds, totalPerMinute } = this.config.publicReports;
    await this.limits.take('report:all', totalPerMinute, 60_000, 'the report line is very busy right now; please call the hotline');
    await this.limits.take(
      `report:c:${this.limits.clientId(clientAddress)}`,
      perClient,
      perClientWindowSeconds * 1000,
      'you have sent several reports just now; please wait a few minutes or call the hotline',
    );
  }
}
