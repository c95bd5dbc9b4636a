import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { errorResponseOf, ReplayedResponse } from '../common/errors/http-error.filter.js';
import { KeyRing } from '../crypto/key-ring.js';
import { beforeCommit, UnitOfWork } from '../database/unit-of-work.js';
import { RetainsData, type RetentionProvider, type RetentionRule, type SealedPurpose } from '../retention/retention-rule.js';
import { IdempotencyRepository } from './idempotency.repository.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_PURPOSE = 'idempotency';
/** How long a key is remembered. */
export const KEY_TTL_MS = 24 * 3_600_000;
/** How long a request may hold its key before a retry may take the work over (it crashed before committing). */
const LEASE_MS = 30_000;
const KEY_FORMAT = /^[A-Za-z0-9_\-:.]{8,255}$/;

/** Statuses worth replaying: the request's own outcome, not a passing condition (sign-in, rate limit, overload). */
const replayable = (status: number) => status < 500 && ![401, 403, 408, 429].includes(status);

/** The same JSON whatever the order of object keys. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

/**
 * Retries never duplicate: a POST sent with an `Idempotency-Key` header does its work once; the same key with the
 * same request gets the recorded status and body again (with `Idempotent-Replayed: true`), the same key with a
 * different request gets 422, and keys live 24 hours — the semantics of payment APIs.
 *
 * Concurrent requests with one key: the first claims it (a row, unique per sender and key); the others wait for
 * its outcome (on the same process through its promise, across processes by watching the row) and replay it.
 * Exactly once: the claim is marked "applied" inside the transaction that does the work, so a request whose
 * process dies after committing is never run again, and one that lost its claim to a retry (after a 30 s lease)
 * cannot commit. A request that fails before doing anything (a 5xx, a rate limit) releases the key.
 */
@Injectable()
@RetainsData()
export class IdempotencyService implements RetentionProvider {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly replayed = new WeakSet<FastifyRequest>();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly keys: KeyRing,
    private readonly repository: IdempotencyRepository,
  ) {}

  /** The request's key, checked; undefined when it sent none. */
  keyOf(request: FastifyRequest): string | undefined {
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined) return undefined;
    const key = Array.isArray(header) ? header.join(',') : header;
    if (!KEY_FORMAT.test(key)) throw DomainError.invalid([{ path: 'Idempotency-Key', message: 'must be 8–255 characters of letters, digits, _ - : or .' }]);
    return key;
  }

  /**
   * A request's fingerprint: its method, path and (canonical) body, plus what the caller adds (uploaded bytes). It is
   * never stored as such: a plain hash of a short body (a phone number, "ok") could be confirmed or guessed from a dump.
   * The row keeps a keyed hash of it under the idempotency key of the day it was made (see `stamp`).
   */
  fingerprintOf(request: FastifyRequest, body: unknown): string {
    const path = request.url.split('?')[0] ?? '';
    return createHash('sha256')
      .update(`${request.method}\n${path}\n${canonicalJson(body)}`)
      .digest('hex');
  }

  /** Runs `work` at most once per key; `status` is the HTTP status a success answers with. */
  async run<T>(request: FastifyRequest, fingerprint: string, status: number, work: () => Promise<T>): Promise<T> {
    const key = this.keyOf(request);
    if (key === undefined) return work();
    const scope = (request as AuthenticatedRequest).user?.id ?? 'public';
    const local = `${scope}\n${key}`;
    for (;;) {
      const running = this.inFlight.get(local);
      if (running) await running.catch(() => undefined);
      const owner = randomUUID();
      const claimed = await this.claimOrReplay(scope, key, fingerprint, owner);
      if (claimed === 'wait') continue;
      if (claimed !== 'owner') {
        this.replayed.add(request);
        return claimed.value as T;
      }
      const attempt = this.perform(scope, key, owner, status, work);
      this.inFlight.set(local, attempt);
      try {
        return await attempt;
      } finally {
        if (this.inFlight.get(local) === attempt) this.inFlight.delete(local);
      }
    }
  }

  /** Whether `run` answered this request with a recorded response. */
  wasReplayed(request: FastifyRequest): boolean {
    return this.replayed.has(request);
  }

  private async perform<T>(scope: string, key: string, owner: string, status: number, work: () => Promise<T>): Promise<T> {
    const mark = async (db: Parameters<typeof this.repository.markApplied>[0]) => {
      if (!(await this.repository.markApplied(db, scope, key, owner))) {
        throw DomainError.conflict('a retry of this request (same Idempotency-Key) took over; it was not applied twice').because('request.retryTookOver');
      }
    };
    let result: T;
    try {
      result = await beforeCommit.run(mark, work);
    } catch (error) {
      const response = errorResponseOf(error);
      if (replayable(response.statusCode) && !response.bug) await this.record(scope, key, owner, response.statusCode, response);
      else await this.repository.release(this.uow.db, scope, key, owner);
      throw error;
    }
    await this.record(scope, key, owner, status, result);
    return result;
  }

  private async record(scope: string, key: string, owner: string, status: number, body: unknown): Promise<void> {
    const now = this.clock.now();
    const response = this.keys.seal(IDEMPOTENCY_PURPOSE, JSON.stringify(body ?? null), now);
    await this.repository.complete(this.uow.db, { scope, key, owner, status, response, sealedKey: this.keys.keyIdOf(response)! });
  }

  /** 'owner' when this request may do the work; the earlier outcome to replay; or 'wait' to look again. */
  private async claimOrReplay(scope: string, key: string, fingerprint: string, owner: string): Promise<'owner' | 'wait' | { value: unknown }> {
    const deadline = Date.now() + LEASE_MS + 5_000;
    let pause = 10;
    for (;;) {
      const now = new Date(this.clock.now());
      if (await this.repository.claim(this.uow.db, { scope, key, fingerprint: this.stamp(fingerprint, now), owner, now, leaseMs: LEASE_MS })) return 'owner';
      const stored = await this.repository.find(this.uow.db, scope, key);
      if (!stored) continue; // purged between the two statements: claim again
      if (now.getTime() - stored.createdAt.getTime() > KEY_TTL_MS) {
        await this.repository.purge(this.uow.db, new Date(now.getTime() - KEY_TTL_MS));
        continue;
      }
      if (stored.fingerprint !== this.stamp(fingerprint, stored.createdAt)) {
        throw new DomainError('unprocessable', 'Idempotency-Key: this key was already used with a different request; use a new key for a new request').because(
          'request.keyReused',
        );
      }
      if (stored.state === 'done') return { value: this.replay(stored.status!, stored.response!) };
      if (this.inFlight.has(`${scope}\n${key}`)) return 'wait';
      if (stored.leaseUntil.getTime() < now.getTime()) {
        if (stored.state === 'applied')
          throw DomainError.conflict('this request was already applied, but its response was lost; load the current state instead').because(
            'request.appliedResponseLost',
          );
        if (await this.repository.takeOver(this.uow.db, { scope, key, from: stored.owner, owner, now, leaseMs: LEASE_MS })) return 'owner';
        continue;
      }
      if (Date.now() > deadline)
        throw DomainError.conflict('a request with this Idempotency-Key is still being processed; try again shortly').because('request.inProgress');
      // Another process holds the key: watch its row, backing off, until it records the outcome.
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 250);
    }
  }

  /**
   * What a row keeps of a fingerprint: an HMAC under the idempotency key of the UTC day the row was made (its
   * created_at), so a retry after midnight is still recognised, and the hash means nothing once the record is purged
   * (24 h) and that key destroyed (a day after its day ended).
   */
  private stamp(fingerprint: string, createdAt: Date): string {
    return this.keys.mac(IDEMPOTENCY_PURPOSE, fingerprint, createdAt.getTime());
  }

  private replay(status: number, sealed: Buffer): unknown {
    const text = this.keys.openText(sealed);
    if (text === null)
      throw DomainError.conflict('this request was already applied; its recorded response has expired').because('request.appliedResponseExpired');
    const body = JSON.parse(text) as unknown;
    if (status >= 400) throw new ReplayedResponse(status, body);
    return body;
  }

  retentionRules(): RetentionRule[] {
    return [
      {
        what: 'Idempotency keys and the responses they replay (sealed)',
        keptFor: () => '24 hours',
        why: 'long enough for a phone to retry after a lost connection; a replayed response may echo what was sent',
        purge: (now) => this.repository.purge(this.uow.db, new Date(now - KEY_TTL_MS)),
      },
    ];
  }

  sealedPurposes(): SealedPurpose[] {
    return [{ purpose: IDEMPOTENCY_PURPOSE, minAgeMs: KEY_TTL_MS, references: [{ table: 'idempotency_keys', column: 'sealed_key' }] }];
  }
}
