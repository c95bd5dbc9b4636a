import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ClusterChannel } from '../cluster/cluster-channel.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { WebPushSender } from '../push/web-push.sender.js';
import { PingsSent } from './dispatch.events.js';
import { PingsRepository } from './pings.repository.js';

const SWEEP_EVERY_MS = 2_000;
/** A ping unsent this long after it committed, whose process is gone, is sent again by another. */
const LOST_AFTER_MS = 5_000;
/**
 * Sent pings are marked in one UPDATE per interval rather than one per dispatch: at 200 hotline calls a second
 * that was 200 statements a second on the hot path. A mark only matters once its process is gone (see below), and
 * one lost with a crash means the ping is sent again, which clients deduplicate.
 */
const MARK_EVERY_MS = 200;

/**
 * A ping that committed is delivered, even if its process dies right after the commit (at least once; clients
 * and the service worker deduplicate by ping id). When PingsSent is delivered the realtime module emits to the
 * responder's sockets (in every process, through the adapter) and this outbox sends Web Push, then marks the pings
 * notified. Every process sweeps for pings older than 5 s that were never marked and whose sending process is
 * gone (its presence lock released: it died, see ClusterChannel.instance) — claimed with SKIP LOCKED, so each is
 * sent again by one process — and publishes them again. A process that is alive but slow (a backlog under load)
 * keeps its pings: sending them again would add load exactly when there is too much.
 */
@Injectable()
export class PingOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PingOutbox.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> = Promise.resolve();
  /** Pings sent and not yet marked, and the timer that will mark them. */
  private unmarked: string[] = [];
  private marking: NodeJS.Timeout | null = null;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly pings: PingsRepository,
    private readonly push: WebPushSender,
    private readonly cluster: ClusterChannel,
  ) {}

  @OnDomainEvent(PingsSent, { background: true })
  async onSent({ pings }: PingsSent): Promise<void> {
    await this.push.sendPings(pings);
    for (const ping of pings) this.unmarked.push(ping.id);
    if (this.marking) return;
    this.marking = setTimeout(() => {
      this.sweeping = this.sweeping.then(() => this.markSent()).catch((error: unknown) => this.logger.error(`marking pings sent failed: ${String(error)}`));
    }, MARK_EVERY_MS);
    this.marking.unref();
  }

  private async markSent(): Promise<void> {
    this.marking = null;
    const ids = this.unmarked;
    this.unmarked = [];
    if (ids.length > 0) await this.pings.markNotified(this.uow.db, ids, new Date(this.clock.now()));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweeping = this.sweeping
        .then(async () => {
          await this.redeliver();
        })
        .catch((error: unknown) => this.logger.error(`re-sending pings failed: ${String(error)}`));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    if (this.marking) clearTimeout(this.marking);
    await (this.sweeping = this.sweeping.then(() => this.markSent()).catch(() => undefined));
  }

  /** Sends again what a dead process committed but never sent. Returns how many. */
  async redeliver(): Promise<number> {
    return this.uow.run(async (tx) => {
      const ids = await this.pings.claimUnnotified(tx.db, new Date(this.clock.now() - LOST_AFTER_MS), 100, this.cluster.instance);
      if (ids.length === 0) return 0;
      this.logger.warn(`sending ${ids.length} pings again: their process stopped before sending them`);
      tx.publish(new PingsSent(await this.pings.views(tx.db, ids)));
      return ids.length;
    });
  }
}
