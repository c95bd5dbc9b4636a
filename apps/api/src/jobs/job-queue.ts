import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Clock, type Job, PgBoss } from 'pg-boss';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { CLOCK } from '../common/clock.js';
import type { Tx } from '../database/unit-of-work.js';

type Handler<T> = (data: T) => Promise<void>;

/** How a queue's jobs run. */
export type QueueOptions = {
  /**
   * Seconds a job may stay active before pg-boss gives it to another worker: a job whose process died is run
   * again this long after it started (the supervisor looks every SUPERVISE_SECONDS). Handlers must be idempotent.
   */
  expireInSeconds?: number;
  /** Jobs fetched per poll and run side by side; a full batch is followed at once by another fetch. */
  batchSize?: number;
  /** Seconds before a failed job is tried again. */
  retryDelaySeconds?: number;
  /**
   * Seconds between looks for jobs that come due later (sent with `at`): a job due now wakes the workers of every
   * process at once (LISTEN/NOTIFY), so polling only has to catch delayed jobs as they come due. Default 10.
   */
  pollSeconds?: number;
};

/** Polling while LISTEN/NOTIFY is unavailable (pg-boss's listener connection lost): jobs due now wait at most this. */
const POLL_WITHOUT_NOTIFY_SECONDS = 2;
/**
 * How long a stopping process lets the jobs it is running finish. Long ones (an alert's batch) stop at their next
 * step when `stopSignal` fires and hand the rest back; a job still running after this is failed back to the queue
 * by pg-boss and runs again elsewhere (handlers are idempotent).
 */
const DRAIN_MS = 10_000;

/** How often pg-boss's supervisor hands expired jobs (of dead processes) back to the queue. */
const SUPERVISE_SECONDS = 2;

/**
 * Durable timers on the same PostgreSQL (pg-boss, in its own `pgboss` schema which it migrates itself):
 * a job sent with a delay survives an API restart and runs when due, in whichever process polls first — every
 * API process runs workers, and pg-boss hands each job to one of them. Features register their handlers in
 * onModuleInit; workers start once the application is up and stop before it shuts down.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly boss: PgBoss;
  private readonly handlers = new Map<string, { handler: Handler<never>; options: QueueOptions }>();
  private readonly schedules = new Map<string, string>();
  private started = false;
  private readonly stopping = new AbortController();
  /** Jobs running in this process, by queue (for the drain's report). */
  private readonly running = new Map<Promise<unknown>, string>();

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(CLOCK) clock: Clock) {
    this.boss = new PgBoss({
      connectionString: config.databaseUrl!,
      schema: 'pgboss',
      clock,
      max: 4,
      application_name: 'centinela-jobs',
      // Workers are woken by a NOTIFY when a job is created (one listening connection), instead of every queue
      // polling twice a second (16 fetches a second with nobody sending anything).
      useListenNotify: true,
      // Expired jobs are handed back in the supervisor's monitor step, which runs at most every monitor interval.
      superviseIntervalSeconds: SUPERVISE_SECONDS,
      monitorIntervalSeconds: SUPERVISE_SECONDS,
    } as never);
    this.boss.on('error', (error: Error) => this.logger.error(error.message));
  }

  /**
   * Fires when this process starts to stop. A handler that can run for long (an alert's batch) checks it between
   * steps, puts back what it has not done and returns, while the database is still open.
   */
  get stopSignal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Registers the one handler of a queue. Jobs that fail are retried by pg-boss. */
  handle<T extends object>(queue: string, handler: Handler<T>, options: QueueOptions = {}): void {
    if (this.started) throw new Error(`register "${queue}" before the application starts`);
    this.handlers.set(queue, { handler: handler, options });
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
    const retryDelay = this.handlers.get(queue)?.options.retryDelaySeconds ?? 1;
    await this.boss.send(queue, data, { retryLimit: 5, retryDelay, ...(options.at ? { startAfter: options.at } : {}), ...(db ? { db } : {}) });
  }

  /** Many jobs of one queue in one statement (a fan-out's batches), in the caller's transaction if given. */
  async sendMany(queue: string, items: readonly object[], options: { tx?: Tx } = {}): Promise<void> {
    if (items.length === 0) return;
    const db = options.tx ? { executeSql: async (text: string, values?: unknown[]) => ({ rows: await options.tx!.db.query(text, values) }) } : undefined;
    const retryDelay = this.handlers.get(queue)?.options.retryDelaySeconds ?? 1;
    await this.boss.insert(
      queue,
      items.map((data) => ({ data, retryLimit: 5, retryDelay })),
      db ? { db } : {},
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    for (const [queue, { handler, options }] of this.handlers) {
      const queueOptions = { notify: true, ...(options.expireInSeconds ? { expireInSeconds: options.expireInSeconds } : {}) };
      await this.boss.createQueue(queue, queueOptions);
      await this.boss.updateQueue(queue, queueOptions);
      const batchSize = options.batchSize ?? 1;
      const poll = options.pollSeconds ?? 10;
      const polling = { pollingIntervalSeconds: Math.min(poll, POLL_WITHOUT_NOTIFY_SECONDS), notifyPollingIntervalSeconds: poll };
      await this.boss.work<object>(queue, { ...polling, batchSize, burstWhenBatchFull: batchSize > 1 }, async (jobs: Job[]) => {
        // Side by side; if any fails, the batch is retried (handlers are idempotent), after all have settled.
        const results = await Promise.allSettled(jobs.map((job) => this.track(queue, handler(job.data as never))));
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
      });
    }
    for (const [queue, cron] of this.schedules) await this.boss.schedule(queue, cron, {}, { retryLimit: 2 });
    // Jobs left active by a process that died long enough ago go back to the queue now, not at the next pass.
    await this.boss.supervise();
    this.started = true;
  }

  /**
   * Workers stop before any module's shutdown hook, while the database is open: TypeORM's module ends the connection
   * pool in its own shutdown hook, and a job still running then failed statement after statement ("Cannot use a pool
   * after calling end on the pool": a retention run, an alert's batch that had sent messages it could no longer
   * record). pg-boss's own connections stay open until the shutdown hook below.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.boss.stop({ graceful: true, close: false, timeout: DRAIN_MS });
    for (const queue of new Set(this.running.values())) {
      this.logger.warn(`a "${queue}" job was still running after ${DRAIN_MS / 1000} s of draining: pg-boss runs it again`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss.stop({ close: true });
  }

  private track(queue: string, run: Promise<void>): Promise<void> {
    this.running.set(run, queue);
    return run.finally(() => this.running.delete(run));
  }
}
