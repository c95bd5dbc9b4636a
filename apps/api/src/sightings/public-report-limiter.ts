import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from '../common/errors/domain-error.js';

/**
 * Rate-limits anonymous reports without keeping IP addresses: a client is known only by a keyed hash of its
 * address, under a key that lives in this process's memory and is never written anywhere. Two limits: per
 * client (a flood from one phone), and in total (a flood from many), since false reports are used as a weapon.
 */
@Injectable()
export class PublicReportLimiter {
  private readonly key = randomBytes(32);
  private readonly clients = new Map<string, { count: number; resetAt: number }>();
  private total = { count: 0, resetAt: 0 };

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Counts one report from `clientAddress`, or throws `rate_limited`. */
  take(clientAddress: string, now = Date.now()): void {
    const { perClient, perClientWindowSeconds, totalPerMinute } = this.config.publicReports;
    if (this.total.resetAt <= now) this.total = { count: 0, resetAt: now + 60_000 };
    if (this.total.count >= totalPerMinute) {
      throw new DomainError('rate_limited', 'the report line is very busy right now; please call the hotline');
    }
    const client = createHmac('sha256', this.key).update(clientAddress).digest('base64url');
    let entry = this.clients.get(client);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + perClientWindowSeconds * 1000 };
      this.clients.set(client, entry);
    }
    if (entry.count >= perClient) {
      throw new DomainError('rate_limited', 'you have sent several reports just now; please wait a few minutes or call the hotline');
    }
    entry.count += 1;
    this.total.count += 1;
    if (this.clients.size > 50_000) this.prune(now);
  }

  private prune(now: number): void {
    for (const [client, entry] of this.clients) if (entry.resetAt <= now) this.clients.delete(client);
  }
}
