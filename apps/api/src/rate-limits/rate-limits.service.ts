import { Inject, Injectable } from '@nestjs/common';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { KeyRing } from '../crypto/key-ring.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { RetainsData, type RetentionProvider, type RetentionRule, type SealedPurpose } from '../retention/retention-rule.js';
import { clientNetwork } from './client-network.js';
import { RateLimitsRepository } from './rate-limits.repository.js';

/** The key purpose clients' daily pseudonyms are hashed under (see KeyRing.mac). */
const CLIENT_PURPOSE = 'client';
const DAY_MS = 86_400_000;

/** Sign-in throttling, after OWASP's authentication guidance: growing delays, never a lockout of the account. */
export const LOGIN_THROTTLE = {
  /** Failures for one username from one client before delays start, and the first delay (doubling after). */
  perUserAndClient: { free: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000 },
  /** Failures from one client over any usernames (password spraying). */
  perClient: { free: 20, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000 },
};

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** One limit: at most `limit` hits on `bucket` per fixed window of `windowMs`; `message` says why a hit is refused. */
export type Limit = { bucket: string; limit: number; windowMs: number; message: string };

/**
 * Rate limits and sign-in throttles that every API process shares (PostgreSQL) and a restart keeps. Clients are
 * known only by a keyed hash of their address under a key that changes every UTC day and lives outside the
 * database (KeyRing): no address is stored, and yesterday's hashes cannot be linked to anyone once the key is gone.
 *
 * Sign-in: failures are counted per (username, client) and per client, with growing delays; there is no
 * per-username lock, so someone who knows a dispatcher's username cannot keep the dispatcher out — the
 * dispatcher signs in from their own device whatever the attacker does.
 */
@Injectable()
@RetainsData()
export class RateLimits implements RetentionProvider {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly keys: KeyRing,
    private readonly repository: RateLimitsRepository,
  ) {}

  /** Today's pseudonym of a client's network: its IPv4 address, or its IPv6 /64 (clientNetwork). */
  clientId(address: string): string {
    return this.keys.mac(CLIENT_PURPOSE, clientNetwork(address));
  }

  /**
   * Counts one hit on `bucket`; throws `rate_limited` with `message` once more than `limit` hits fall in the
   * current window of `windowMs`.
   */
  take(bucket: string, limit: number, windowMs: number, message: string): Promise<void> {
    return this.takeAll([{ bucket, limit, windowMs, message }]);
  }

  /**
   * Counts one hit on each limit in order and throws `rate_limited` at the first one that is full. A refused hit
   * counts nowhere — it is taken back from that limit and the ones before it, and never reaches the ones after — so
   * one client hammering past its own limit cannot fill a shared total and shut everyone else out, and a refusal by
   * the total does not use up a client's own allowance.
   */
  async takeAll(limits: readonly Limit[]): Promise<void> {
    const now = new Date(this.clock.now());
    for (const [index, { bucket, limit, windowMs, message }] of limits.entries()) {
      const { count, windowEndsAt } = await this.repository.hit(this.uow.db, bucket, windowMs, now);
      if (count <= limit) continue;
      await this.repository.unhit(
        this.uow.db,
        limits.slice(0, index + 1).map((l) => l.bucket),
      );
      const wait = seconds(windowEndsAt.getTime() - now.getTime());
      throw new DomainError('rate_limited', `${message} (try again in ${wait} s)`).because('limit.reached', { seconds: wait });
    }
  }

  /**
   * Before checking a password: the attempt counts as a failure in both of the caller's sign-in buckets (per
   * username and client, per client) from now on, unless one of them is in a delay — then it is refused and counts
   * nowhere. Counting before the slow password check, in the statement that checks the delay, means attempts sent
   * at once cannot all pass before the first of them is recorded: a burst gets the free failures and no more.
   * `loginSucceeded` takes the count back.
   */
  async beginLogin(username: string, address: string): Promise<void> {
    const buckets = this.loginBuckets(username, address);
    const now = new Date(this.clock.now());
    const { perUserAndClient: uc, perClient: c } = LOGIN_THROTTLE;
    if (!(await this.repository.attempt(this.uow.db, buckets.userAndClient, now, uc.free, uc.baseDelayMs, uc.maxDelayMs)))
      throw await this.loginRefused(buckets);
    if (!(await this.repository.attempt(this.uow.db, buckets.client, now, c.free, c.baseDelayMs, c.maxDelayMs))) {
      await this.repository.refund(this.uow.db, buckets.userAndClient, uc.free);
      throw await this.loginRefused(buckets);
    }
  }

  /** The right password: this username's failures from this client are forgotten, and the attempt is taken back from the client's own count. */
  async loginSucceeded(username: string, address: string): Promise<void> {
    const buckets = this.loginBuckets(username, address);
    await this.repository.clear(this.uow.db, buckets.userAndClient);
    await this.repository.refund(this.uow.db, buckets.client, LOGIN_THROTTLE.perClient.free);
  }

  private async loginRefused(buckets: { userAndClient: string; client: string }): Promise<DomainError> {
    const found = await this.repository.failures(this.uow.db, [buckets.userAndClient, buckets.client]);
    const now = this.clock.now();
    const until = Math.max(...[...found.values()].map((f) => f.blockedUntil?.getTime() ?? 0), now);
    const wait = seconds(until - now);
    return new DomainError('rate_limited', `too many failed sign-ins from this device; try again in ${wait} s`).because('limit.reached', { seconds: wait });
  }

  retentionRules(): RetentionRule[] {
    return [
      {
        what: 'Rate-limit counters and sign-in throttles (keyed hashes of client addresses, never addresses)',
        keptFor: () => 'a day after their last use; the hashing key changes every UTC day and is destroyed after two',
        why: 'long enough to slow a flood or a password-guessing run; no longer, so no one can be followed over time',
        purge: (now) => this.repository.purge(this.uow.db, new Date(now - DAY_MS)),
      },
    ];
  }

  sealedPurposes(): SealedPurpose[] {
    return [{ purpose: CLIENT_PURPOSE, minAgeMs: DAY_MS, references: [] }];
  }

  private loginBuckets(username: string, address: string): { userAndClient: string; client: string } {
    return {
      userAndClient: `login:uc:${this.keys.mac(CLIENT_PURPOSE, `${username.toLowerCase()}\n${clientNetwork(address)}`)}`,
      client: `login:c:${this.clientId(address)}`,
    };
  }
}
