import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { type Clock, CLOCK } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { KeyRing } from '../crypto/key-ring.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { JobQueue } from '../jobs/job-queue.js';
import { type RetentionProvider, retentionProviders, type RetentionRule, type SealedPurpose } from './retention-rule.js';
import { RetentionRepository } from './retention.repository.js';

const QUEUE = 'retention';
/** Every ten minutes, on pg-boss's schedule (durable, run by one process at a time). */
const EVERY = '*/10 * * * *';

export type RetentionRun = { purged: Record<string, number>; keysDestroyed: string[] };

/**
 * Enforces the retention policy: every rule of every `@RetainsData()` provider purges what is past its time,
 * then every sealed key that has aged out and that no row refers to any more is destroyed (crypto-shredding:
 * what it sealed becomes unreadable in dead rows, WAL, dumps and backups too). Runs as a durable pg-boss
 * schedule every ten minutes; `run()` is the same work, for tests and the CLI.
 */
@Injectable()
export class RetentionService implements OnModuleInit {
  private readonly logger = new Logger(RetentionService.name);
  private providers: RetentionProvider[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly uow: UnitOfWork,
    private readonly keys: KeyRing,
    private readonly repository: RetentionRepository,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.providers = retentionProviders(this.discovery, this.reflector);
    this.jobs.handle(QUEUE, () => this.run().then(() => undefined));
    this.jobs.schedule(QUEUE, EVERY);
  }

  /** The policy, for the README's table and GET /api/retention. */
  policy(): { what: string; keptFor: string; why: string }[] {
    return this.rules().map((r) => ({ what: r.what, keptFor: r.keptFor(this.config), why: r.why }));
  }

  async run(): Promise<RetentionRun> {
    const now = this.clock.now();
    const purged: Record<string, number> = {};
    for (const rule of this.rules()) {
      try {
        purged[rule.what] = await rule.purge(now);
      } catch (error) {
        this.logger.error(`retention of "${rule.what}" failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    const keysDestroyed = await this.destroyAgedKeys(now);
    const total = Object.values(purged).reduce((a, b) => a + b, 0);
    if (total > 0 || keysDestroyed.length > 0) this.logger.log(`retention: ${total} items purged, ${keysDestroyed.length} keys destroyed`);
    return { purged, keysDestroyed };
  }

  private rules(): RetentionRule[] {
    return this.providers.flatMap((p) => p.retentionRules());
  }

  private purposes(): SealedPurpose[] {
    return this.providers.flatMap((p) => p.sealedPurposes?.() ?? []);
  }

  private async destroyAgedKeys(now: number): Promise<string[]> {
    const destroyed: string[] = [];
    for (const purpose of this.purposes()) {
      for (const key of this.keys.keys(purpose.purpose)) {
        if (KeyRing.dayEndMs(key.dayStartMs) + purpose.minAgeMs > now) continue;
        let inUse = false;
        for (const ref of purpose.references) {
          if (await this.repository.referenced(this.uow.db, ref.table, ref.column, key.keyId)) {
            inUse = true;
            break;
          }
        }
        if (inUse) continue;
        this.keys.destroy(key.keyId);
        destroyed.push(key.keyId);
      }
    }
    return destroyed;
  }
}
