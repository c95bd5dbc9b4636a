import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { RateLimits } from './rate-limits.service.js';

/** What anyone may do without an account, each limited on its own. */
export type PublicAction = keyof AppConfig['publicLimits'];

/** Per action: its buckets' prefix, and what a client is told when the total or its own limit is reached. */
const ACTIONS: Record<PublicAction, { bucket: string; busy: string; tooMany: string }> = {
  report: {
    bucket: 'report',
    busy: 'the report line is very busy right now; please call the hotline',
    tooMany: 'you have sent several reports just now; please wait a few minutes or call the hotline',
  },
  geocode: {
    bucket: 'geocode',
    busy: 'address search is very busy right now; place the pin on the map instead',
    tooMany: 'too many searches just now; wait a minute or place the pin on the map',
  },
  alertSignup: {
    bucket: 'alert-signup',
    busy: 'many people are signing up right now; please try again in a minute',
    tooMany: 'too many sign-up changes from this network just now; please try again later',
  },
};

/**
 * Rate limits on what the public may do without an account — reports, address search, alert sign-ups — without
 * keeping IP addresses: a client is known only by a keyed hash of its address that changes every day
 * (RateLimits.clientId). Two limits each, shared by every API process: per client (a flood from one phone), and in
 * total (a flood from many), since false reports and fake sign-ups are used as a weapon. Only hits a client was
 * allowed count toward the total (RateLimits.takeAll).
 */
@Injectable()
export class PublicLimits {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limits: RateLimits,
  ) {}

  /** Counts one `action` from `clientAddress`, or throws `rate_limited`. */
  async take(action: PublicAction, clientAddress: string): Promise<void> {
    const { perClient, perClientWindowSeconds, totalPerMinute } = this.config.publicLimits[action];
    const { bucket, busy, tooMany } = ACTIONS[action];
    // The client's own limit first: a client past it is refused without touching the total everyone shares.
    await this.limits.takeAll([
      { bucket: `${bucket}:c:${this.limits.clientId(clientAddress)}`, limit: perClient, windowMs: perClientWindowSeconds * 1000, message: tooMany },
      { bucket: `${bucket}:all`, limit: totalPerMinute, windowMs: 60_000, message: busy },
    ]);
  }
}
