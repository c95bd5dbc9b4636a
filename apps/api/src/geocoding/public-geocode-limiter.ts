import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/**
 * The public report form's address search is open to anyone, so it is rate-limited per client (known only by
 * a keyed hash of its address, under a key that lives in this process's memory) and in total.
 */
@Injectable()
export class PublicGeocodeLimiter {
  private readonly key = randomBytes(32);
  private readonly clients = new Map<string, { count: number; resetAt: number }>();
  private total = { count: 0, resetAt: 0 };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  take(clientAddress: string): void {
    const now = this.clock.now();
    const { perClientPerMinute, totalPerMinute } = this.config.publicGeocode;
    if (this.total.resetAt <= now) this.total = { count: 0, resetAt: now + 60_000 };
    if (this.total.count >= totalPerMinute) throw new DomainError('rate_limited', 'address search is very busy right now; place the pin on the map instead');
    const client = createHmac('sha256', this.key).update(clientAddress).digest('base64url');
    let entry = this.clients.get(client);
    if (!entry || entry.resetAt <= now) this.clients.set(client, (entry = { count: 0, resetAt: now + 60_000 }));
    if (entry.count >= perClientPerMinute) throw new DomainError('rate_limited', 'too many searches just now; wait a minute or place the pin on the map');
    entry.count += 1;
    this.total.count += 1;
    if (this.clients.size > 50_000) for (const [c, e] of this.clients) if (e.resetAt <= now) this.clients.delete(c);
  }
}
