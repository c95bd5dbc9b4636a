import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ALERT_CAPTION_MAX, type AlertChannel, type AlertVariant, broadcastText } from '@centinela/contracts';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import { DeliveryReported } from '../channels/channels.events.js';
import { ChannelsService } from '../channels/channels.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import { retryOnDeadlock } from '../database/deadlock.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { JobQueue } from '../jobs/job-queue.js';
import { AlertImages } from './alert-images.js';
import { AlertSender, providerOf } from './alert-sender.js';
import { AlertViews } from './alert-views.js';
import { AlertChanged, AlertDeliveriesChanged } from './alerts.events.js';
import { type AlertRow, AlertsRepository } from './alerts.repository.js';
import { DeliveriesRepository, type InFlight } from './deliveries.repository.js';
import { fallbackLanguage, messageOf } from './estimate.js';
import { SubscribersRepository } from './subscribers.repository.js';
import { providerFailure } from '../common/errors/provider-failure.js';

/**
 * One queue per provider: a worker waits for all the jobs it fetched together, so a slow provider's batch (Telegram
 * at 30/s) must not hold up the others'. A batch's channel is its number modulo 4 (see DeliveriesRepository).
 */
const BATCH_QUEUES: Record<ReturnType<typeof providerOf>, string> = {
  twilio: 'alerts.batch.twilio',
  telegram: 'alerts.batch.telegram',
  webpush: 'alerts.batch.webpush',
};
const BATCH_CHANNELS: readonly AlertChannel[] = ['sms', 'whatsapp', 'telegram', 'webpush'];
const batchProvider = (batch: number) => providerOf(BATCH_CHANNELS[batch % 4]!);
const queueOf = (batch: number) => BATCH_QUEUES[batchProvider(batch)];
const CHANNEL_POST_QUEUE = 'alerts.channel-post';
const SWEEP_QUEUE = 'alerts.sweep';
/** Live delivery counts are sent at most this often per alert and process. */
const COUNTS_EVERY_MS = 2000;

/**
 * The fan-out: on approval, one delivery row per recipient (unique per alert and subscriber) and one durable pg-boss
 * job per batch; workers in every process claim rows with SKIP LOCKED, send them a slice at a time at each
 * provider's pace shared by every process (GCRA in PostgreSQL, see paceOf), and record each
 * slice as it completes. 429/5xx go back to the queue with backoff. A row is `claimed` while a worker holds it and
 * `sending` only from just before its provider call until its outcome is recorded, so a worker killed mid-send leaves
 * its claimed rows to go back to the queue (never sent twice, never lost) and at most one slice in flight, which the
 * sweeper settles with the provider's own records (Twilio) or fails as `interrupted` where there are none.
 */
@Injectable()
export class FanOut implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(FanOut.name);
  private readonly countsDue = new Map<string, NodeJS.Timeout>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly jobs: JobQueue,
    private readonly alerts: AlertsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly views: AlertViews,
    private readonly channels: ChannelsService,
    private readonly sender: AlertSender,
    private readonly images: AlertImages,
  ) {}

  onModuleInit(): void {
    for (const queue of Object.values(BATCH_QUEUES)) {
      this.jobs.handle<{ alertId: string; batch: number }>(queue, (job) => this.runBatch(job.alertId, job.batch), {
        expireInSeconds: 900,
        batchSize: 2,
        retryDelaySeconds: 2,
      });
    }
    this.jobs.handle<{ alertId: string }>(CHANNEL_POST_QUEUE, (job) => this.postToChannel(job.alertId), { retryDelaySeconds: 5 });
    this.jobs.handle(SWEEP_QUEUE, () => this.sweep());
    this.jobs.schedule(SWEEP_QUEUE, '* * * * *');
  }

  onApplicationShutdown(): void {
    for (const timer of this.countsDue.values()) clearTimeout(timer);
    this.countsDue.clear();
  }

  private now(): Date {
    return new Date(this.clock.now());
  }

  /** In the approving transaction: recipients fixed, jobs queued (they exist if and only if it commits). */
  async release(tx: Tx, row: AlertRow, user: AuthUser): Promise<void> {
    const now = this.now();
    const choice = { languages: row.variants.map((v) => v.language), fallback: fallbackLanguage(row.variants) };
    const on = row.channels.filter(this.views.enabled);
    const { batchSize } = this.config.alerts;
    const batches = row.correctionOf
      ? await this.deliveries.createForCorrection(tx.db, row.id, row.correctionOf, choice, batchSize, now)
      : await this.deliveries.createForAudience(tx.db, row.id, row.audience, await this.views.zonesOf(tx.db, row.audience), on, choice, batchSize, now);
    await this.alerts.setStatus(tx.db, row.id, 'sending', now, { started: true });
    await this.queue(tx, row.id, batches);
    await this.queueChannelPost(tx, row);
    await this.alerts.log(tx.db, { alertId: row.id, at: now, userId: user.id, actor: user.username, kind: 'released', detail: { batches: batches.length } });
    await this.alerts.finishIfDone(tx.db, row.id, now);
  }

  private async queue(tx: Tx, alertId: string, batches: readonly number[]): Promise<void> {
    for (const queue of Object.values(BATCH_QUEUES)) {
      const mine = batches.filter((b) => queueOf(b) === queue).map((batch) => ({ alertId, batch }));
      await this.jobs.sendMany(queue, mine, { tx });
    }
  }

  private async queueChannelPost(tx: Tx, row: AlertRow): Promise<void> {
    if (row.postToChannel && !row.drill && row.channelPost === 'none' && this.channels.enabled('telegram'))
      await this.jobs.send(CHANNEL_POST_QUEUE, { alertId: row.id }, { tx });
  }

  /** Pause, resume, cancel (and the retraction's stop). */
  async stop(tx: Tx, row: AlertRow, user: AuthUser, to: 'paused' | 'cancelled'): Promise<void> {
    const now = this.now();
    await this.alerts.setStatus(tx.db, row.id, to, now, { finished: to === 'cancelled' });
    // Rows a worker holds but has not sent are taken back too: its next slice finds nothing to send. A worker's
    // statement on two of these rows can wait for this one while it waits for that one: PostgreSQL aborts one of
    // the two, and both callers run again (retryOnDeadlock).
    const cancelled = to === 'cancelled' ? await this.deliveries.cancelQueued(tx.db, row.id, now) : 0;
    if (to === 'paused') await this.deliveries.releaseClaimed(tx.db, row.id, now);
    await this.alerts.log(tx.db, { alertId: row.id, at: now, userId: user.id, actor: user.username, kind: to, detail: { cancelled } });
  }

  async resume(tx: Tx, row: AlertRow, user: AuthUser): Promise<void> {
    const now = this.now();
    await this.alerts.setStatus(tx.db, row.id, 'sending', now);
    const batches = await this.deliveries.queuedBatches(tx.db, row.id);
    await this.queue(tx, row.id, batches);
    // A post to the public channel that a pause held back (see AlertsRepository.claimChannelPost) goes now.
    await this.queueChannelPost(tx, row);
    await this.alerts.log(tx.db, { alertId: row.id, at: now, userId: user.id, actor: user.username, kind: 'resumed', detail: { batches: batches.length } });
    await this.alerts.finishIfDone(tx.db, row.id, now);
  }

  /**
   * One batch: claim a chunk, send it slice by slice within the providers' budgets, until the batch is empty or
   * stopped. When this process stops, the chunk ends after the slice (or message) in flight, what it did not send
   * goes back to the queue, and the batch gets a new job, which another process (or this one's successor) takes.
   */
  async runBatch(alertId: string, batch: number): Promise<void> {
    const alert = await this.alerts.find(this.uow.db, alertId);
    if (!alert) return;
    const stop = this.jobs.stopSignal;
    for (;;) {
      if (stop.aborted) {
        await this.jobs.send(queueOf(batch), { alertId, batch });
        return;
      }
      const current = await this.alerts.find(this.uow.db, alertId);
      if (current?.status !== 'sending') break;
      const claimId = randomUUID();
      const claimed = await this.deliveries.claim(this.uow.db, alertId, batch, this.sender.chunkOf(batchProvider(batch)), claimId, this.now());
      if (claimed.length === 0) break;
      const recipients = await this.subscribers.addresses(
        this.uow.db,
        claimed.flatMap((c) => (c.subscriberId ? [c.subscriberId] : [])),
      );
      let retryAfterMs = 0;
      try {
        retryAfterMs = await this.sender.sendChunk(alert, claimId, claimed, recipients, stop);
      } finally {
        // What this worker did not get to (a failure of ours, a pause) goes back to the queue at once.
        await this.deliveries.releaseClaim(this.uow.db, claimId, this.now());
      }
      this.countsChanged(alertId);
      if (retryAfterMs > 0) await delay(Math.min(30_000, retryAfterMs), undefined, { signal: stop }).catch(() => undefined);
    }
    await this.finish(alertId);
  }

  /** The one post to the public Telegram channel, claimed once across processes. */
  async postToChannel(alertId: string): Promise<void> {
    const alert = await this.alerts.find(this.uow.db, alertId);
    if (!alert || alert.drill || !(await this.alerts.claimChannelPost(this.uow.db, alertId))) return;
    const text = broadcastText(alert.variants, false);
    // With an image: one photo with the text as its caption, or, when every language together is longer than a
    // caption may be, the text with the image's address last (Telegram shows it as the post's preview).
    const image = alert.image && this.images.publicUrlOf(alert.image);
    const post = !image ? { text } : text.length <= ALERT_CAPTION_MAX ? { text, mediaUrl: image } : { text: `${text}\n\n${image}` };
    try {
      const posted = await this.channels.postToTelegramChannel(post);
      await this.alerts.setChannelPost(this.uow.db, alertId, posted ? 'posted' : 'failed', this.now());
    } catch (error) {
      await this.alerts.setChannelPost(this.uow.db, alertId, 'failed', this.now());
      this.logger.warn(`the post to the Telegram channel failed: ${providerFailure(error)}`);
    }
    this.countsChanged(alertId);
  }

  @OnDomainEvent(DeliveryReported)
  async onDeliveryReported(e: DeliveryReported): Promise<void> {
    if (e.messageId === null) await this.reported(e.providerMessageId, e.channel, e.status, e.errorCode);
  }

  /** A provider's status callback, for deliveries of alerts. */
  async reported(providerMessageId: string, channel: AlertChannel, status: string, errorCode: string | null): Promise<void> {
    const to = status === 'delivered' ? 'delivered' : status === 'failed' || status === 'undelivered' ? 'failed' : 'sent';
    const alertId = await this.deliveries.report(this.uow.db, providerMessageId, channel, to, errorCode, this.now());
    if (alertId) this.countsChanged(alertId);
  }

  /**
   * Every minute, in one process: rows a dead worker held but never handed to a provider go back to the queue
   * (after ALERT_RECOVERY_SECONDS), and rows it had in flight (after twice that) are settled by asking the
   * provider — sent if Twilio has the message, queued again if it does not, failed as `interrupted` where the
   * provider cannot tell (Telegram, Web Push). Then their batches get a job again.
   */
  async sweep(): Promise<void> {
    const now = this.now();
    const { recoveryMs } = this.config.alerts;
    const again = await this.deliveries.requeueAbandoned(this.uow.db, new Date(now.getTime() - recoveryMs), now);
    again.push(...(await this.settleInFlight(new Date(now.getTime() - 2 * recoveryMs))));
    const byAlert = new Map<string, number[]>();
    for (const { alertId, batch } of again) byAlert.set(alertId, [...new Set([...(byAlert.get(alertId) ?? []), batch])]);
    for (const [alertId, batches] of byAlert) {
      await retryOnDeadlock(() =>
        this.uow.run(async (tx) => {
          const row = await this.alerts.find(tx.db, alertId);
          if (row?.status === 'sending') await this.queue(tx, alertId, batches);
          else if (row?.status === 'cancelled') await this.deliveries.cancelQueued(tx.db, alertId, this.now());
        }),
      );
    }
    for (const alertId of byAlert.keys()) await this.finish(alertId);
    await this.deliveries.foldTallies(this.uow.db);
  }

  private async settleInFlight(cutoff: Date): Promise<{ alertId: string; batch: number }[]> {
    const rows = await this.deliveries.inFlight(this.uow.db, cutoff, 500);
    if (rows.length === 0) return [];
    const recipients = await this.subscribers.addresses(
      this.uow.db,
      rows.flatMap((r) => (r.subscriberId ? [r.subscriberId] : [])),
    );
    const alerts = new Map<string, AlertRow | null>();
    const sent: { id: string; providerMessageId: string; claim: string }[] = [];
    const unknown: { id: string; code: string; claim: string }[] = [];
    const requeue: InFlight[] = [];
    for (const row of rows) {
      if (!alerts.has(row.alertId)) alerts.set(row.alertId, await this.alerts.find(this.uow.db, row.alertId));
      const alert = alerts.get(row.alertId);
      const address = recipients.get(row.subscriberId ?? '')?.address;
      if (!alert || !address || row.channel === 'webpush') {
        unknown.push({ id: row.id, code: 'interrupted', claim: row.claim });
        continue;
      }
      const variant = alert.variants.find((v: AlertVariant) => v.language === row.language) ?? alert.variants[0]!;
      const text = messageOf(variant, row.channel, alert.drill).text;
      try {
        // The provider's clock may differ from ours: a few minutes of slack before the send started.
        const found = await this.channels.findSent(row.channel, address, text, new Date(row.since.getTime() - 5 * 60_000));
        if (found === 'unknown') unknown.push({ id: row.id, code: 'interrupted', claim: row.claim });
        else if (found === 'absent') requeue.push(row);
        else sent.push({ id: row.id, providerMessageId: found.providerMessageId, claim: row.claim });
      } catch (error) {
        this.logger.warn(`could not ask ${row.channel} about an interrupted send; next sweep: ${providerFailure(error)}`);
      }
    }
    const now = this.now();
    await this.deliveries.markSent(this.uow.db, sent, now);
    await this.deliveries.markFailed(this.uow.db, unknown, now);
    await this.deliveries.release(this.uow.db, requeue, now);
    if (sent.length + unknown.length + requeue.length > 0) {
      this.logger.warn(
        `interrupted sends settled: ${sent.length} had reached the provider, ${requeue.length} had not (queued again), ${unknown.length} unknown`,
      );
    }
    const settled = new Set([...requeue, ...unknown, ...sent].map((r) => r.id));
    return rows.filter((r) => settled.has(r.id)).map((r) => ({ alertId: r.alertId, batch: r.batch }));
  }

  private async finish(alertId: string): Promise<void> {
    if (await this.alerts.finishIfDone(this.uow.db, alertId, this.now())) {
      await this.uow.deliver([new AlertChanged(await this.views.view(this.uow.db, alertId))]);
    }
    this.countsChanged(alertId);
  }

  /** Live counts, at most every 2 s per alert and process (each chunk and callback would be too many). */
  private countsChanged(alertId: string): void {
    if (this.countsDue.has(alertId)) return;
    const timer = setTimeout(() => {
      this.countsDue.delete(alertId);
      void this.alerts
        .find(this.uow.db, alertId)
        .then(async (row) => row && this.uow.deliver([new AlertDeliveriesChanged(await this.views.deliveryCounts(this.uow.db, row))]))
        .catch((error: unknown) => this.logger.warn(`delivery counts: ${(error as Error).message}`));
    }, COUNTS_EVERY_MS);
    timer.unref();
    this.countsDue.set(alertId, timer);
  }
}
