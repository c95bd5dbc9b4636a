import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Clock, type Job, PgBoss } from 'pg-boss';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { CLOCK } from '../common/clock.js';
import type { Tx } from '../database/unit-of-work.js';

type Handler<T> = (data: T) => Promise<void>;

/**
 * Durable timers on the same PostgreSQL (pg-boss, in its own `pgboss` schema which it migrates itself):
 * a job sent with a delay survives an API restart and runs when due. Features register their handlers
 * in onModuleInit; workers start once the application is up and stop before it shuts down.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly boss: PgBoss;
  private readonly handlers = new Map<string, Handler<never>>();
  private readonly schedules = new Map<string, string>();
  private started = false;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(CLOCK) clock: Clock) {
    this.boss = new PgBoss({ connectionString: config.databaseUrl!, schema: 'pgboss', clock, max: 4, application_name: 'centinela-jobs' } as never);
    this.boss.on('error', (error: Error) => this.logger.error(error.message));
  }

  /** Registers the one handler of a queue. Jobs that fail are retried by pg-boss. */
  handle<T extends object>(queue: string, handler: Handler<T>): void {
    if (this.started) throw new Error(`register "${queue}" before the application starts`);
    this.handlers.set(queue, handler);
  }

  /** Runs the queue's handler on a cron schedule (stored by pg-boss; one process sends each occurrence). */
  schedule(queue: string, cron: string): void {
    if (this.started) throw new Error(`schedule "${queue}" before the application starts`);
    this.schedules.set(queue, cron);
  }

  /**
   * Runs `data` through the queue's handler at `at` (or as soon as a worker polls). Given a transaction,
   * the job is inserted in it: it exists if and only if the transaction commits.
   */
  async send(queue: string, data: object, options: { at?: Date; tx?: Tx } = {}): Promise<void> {
    const db = options.tx ? { executeSql: async (text: string, values?: unknown[]) => ({ rows: await options.tx!.db.query(text, values) }) } : undefined;
    await this.boss.send(queue, data, { retryLimit: 5, retryDelay: 1, ...(options.at ? { startAfter: options.at } : {}), ...(db ? { db } : {}) });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    for (const [queue, handler] of this.handlers) {
      await this.boss.createQueue(queue);
      await this.boss.work<object>(queue, { pollingIntervalSeconds: 0.5, batchSize: 1 }, async (jobs: Job[]) => {
        for (const job of jobs) await handler(job.data as never);
      });
    }
    for (const [queue, cron] of this.schedules) await this.boss.schedule(queue, cron, {}, { retryLimit: 2 });
    this.started = true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss.stop({ graceful: true, close: true, timeout: 5000 });
  }
}
