import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { RateLimits } from '../rate-limits/rate-limits.service.js';

/**
 * The public report form's address search is open to anyone, so it is rate-limited per client (known only by a
 * keyed hash of its address that changes every day, RateLimits.clientId) and in total, shared by every API process.
 */
@Injectable()
export class PublicGeocodeLimiter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limits: RateLimits,
  ) {}

  /** Counts one search from `clientAddress`, or throws `rate_limited`. */
  async take(clientAddress: string): Promise<void> {
    const { perClientPerMinute, totalPerMinute } = this.config.publicGeocode;
    await this.limits.take('geocode:all', totalPerMinute, 60_000, 'address search is very busy right now; place the pin on the map instead');
    await this.limits.take(
      `geocode:c:${this.limits.clientId(clientAddress)}`,
      perClientPerMinute,
      60_000,
      'too many searches just now; wait a minute or place the pin on the map',
    );
  }
}
