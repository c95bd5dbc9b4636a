import type { AlertChannel, AlertVariant, PushSubscriptionJson } from '@centinela/contracts';
import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { ProviderError } from '../channels/channel.types.js';
import { ChannelsService } from '../channels/channels.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { retryOnDeadlock } from '../database/deadlock.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { AlertImages } from './alert-images.js';
import { AlertPushSender } from './alert-push.js';
import type { AlertRow } from './alerts.repository.js';
import { type Claimed, DeliveriesRepository, type SendOutcome } from './deliveries.repository.js';
import { messageOf } from './estimate.js';
import { type Pace, paceOf } from './pace.js';
import { SendWindowsRepository } from './send-windows.repository.js';
import { SubscribersRepository } from './subscribers.repository.js';

export type Provider = 'twilio' | 'telegram' | 'webpush';
export const providerOf = (channel: AlertChannel): Provider => (channel === 'telegram' ? 'telegram' : channel === 'webpush' ? 'webpush' : 'twilio');
export type Recipient = { address: string; optedOut: boolean };
type Outcome = SendOutcome & { retryAfterMs?: number };
/** `stop`: the process is stopping; the rows not yet sent stay claimed, for the caller to put back. */
type Send = { alert: AlertRow; claimId: string; provider: Provider; pace: Pace; rows: Claimed[]; recipients: Map<string, Recipient>; stop: AbortSignal };

/**
 * How many messages sent one at a time may share a slot: as many as go within the tolerance when each takes
 * `stepMs` (the last message's provider call, then recording it and starting the next), at most the
 * pace's burst. The first one goes a statement after the slot, the k-th about k steps after it. Before a first step
 * is measured, one.
 */
const burstFor = (pace: Pace, stepMs: number): number =>
  Number.isFinite(stepMs) ? Math.max(1, Math.min(pace.burst, Math.floor(pace.toleranceMs / Math.max(stepMs, 1)))) : 1;

/**
 * Waits until the wall clock reaches `at`. A timer fires up to a millisecond early by `Date.now()` (Node rounds its
 * delay down to whole milliseconds): it waits again rather than send before the slot, into the second before it.
 */
async function until(at: number): Promise<void> {
  for (let wait = at - Date.now(); wait > 0; wait = at - Date.now()) await delay(wait);
}

/** About how many recipients a worker claims at a time (a pause or cancel stops it within one slice). */
const CHUNK = 50;
/** Tries per recipient before a 429/5xx counts as failed. */
const MAX_ATTEMPTS = 5;

/**
 * Sends the rows a fan-out worker claimed: at each provider's pace shared by every process (see paceOf), recording
 * each slice's outcomes under the worker's claim as soon as it is done (see FanOut for the whole flow).
 */
@Injectable()
export class AlertSender {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly deliveries: DeliveriesRepository,
    private readonly windows: SendWindowsRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly channels: ChannelsService,
    private readonly push: AlertPushSender,
    private readonly images: AlertImages,
  ) {}

  /**
   * How long the last message sent in turn took per provider, its provider call and the statement that recorded it
   * and started the next (not a wait for a slot): a hint for the next burst's size, kept by each process for itself
   * (see burstFor).
   */
  private readonly stepMs = new Map<Provider, number>();

  private now(): Date {
    return new Date(this.clock.now());
  }

  /** Rows a worker claims at a time: about CHUNK, in whole slices of the provider's pace. */
  chunkOf(provider: Provider): number {
    const { slice } = paceOf(provider, this.config.alerts.rates[provider]);
    return slice * Math.max(1, Math.round(CHUNK / slice));
  }

  /**
   * A chunk, per provider, at the provider's pace shared by every process (see paceOf). Returns the longest wait a
   * provider asked for (429/5xx), 0 for none. Once `stop` fires, no further slice or message starts.
   */
  async sendChunk(alert: AlertRow, claimId: string, claimed: Claimed[], recipients: Map<string, Recipient>, stop: AbortSignal): Promise<number> {
    const byProvider = new Map<Provider, Claimed[]>();
    for (const c of claimed) byProvider.set(providerOf(c.channel), [...(byProvider.get(providerOf(c.channel)) ?? []), c]);
    const waits = await Promise.all(
      [...byProvider].map(([provider, rows]) => {
        const pace = paceOf(provider, this.config.alerts.rates[provider]);
        const send = { alert, claimId, provider, pace, rows, recipients, stop };
        return pace.inTurn ? this.sendInTurn(send) : this.sendInSlices(send);
      }),
    );
    return Math.max(0, ...waits);
  }

  /**
   * A slice at a time: the slice's slots are reserved from the shared pace, the rows still held by this claim become
   * `sending` just before they go, in bursts, and the slice's outcomes are recorded as soon as it is done — so a
   * worker that dies leaves in flight only the messages of its last slice.
   */
  private async sendInSlices({ alert, claimId, provider, pace, rows, recipients, stop }: Send): Promise<number> {
    const { intervalMs, toleranceMs, burst, slice: unit } = pace;
    let retryAfterMs = 0;
    const lease = this.lease(claimId);
    for (let next = 0; next < rows.length && !stop.aborted;) {
      await lease.keep();
      const slice = rows.slice(next, next + unit);
      next += slice.length;
      // Whole bursts are reserved (a short last one wastes its few slots), so bursts stay on the shared grid.
      const bursts = Math.ceil(slice.length / burst);
      const start = await this.windows.reserve(this.uow.db, provider, bursts * burst, pace, Date.now());
      if (start > Date.now()) await delay(start - Date.now());
      const ids = slice.map((r) => r.id);
      const going = await retryOnDeadlock(() => this.deliveries.startSending(this.uow.db, ids, claimId, this.now()));
      const ready = slice.filter((row) => going.has(row.id));
      const outcomes = (
        await Promise.all(
          Array.from({ length: bursts }, async (_, b) => {
            let slot = start + b * burst * intervalMs;
            for (;;) {
              await until(slot);
              // Later than the tolerance (a busy event loop): a fresh slot, so late sends never bunch up.
              if (Date.now() - slot <= toleranceMs) break;
              slot = await this.windows.reserve(this.uow.db, provider, burst, pace, Date.now());
            }
            return Promise.all(
              ready
                .slice(b * burst, (b + 1) * burst)
                .map((row) => this.sendOne(alert, { ...row, attempts: going.get(row.id)! }, recipients.get(row.subscriberId ?? ''))),
            );
          }),
        )
      ).flat();
      await this.record(claimId, outcomes);
      for (const o of outcomes) if (o.retryAfterMs !== undefined) retryAfterMs = Math.max(retryAfterMs, o.retryAfterMs);
    }
    return retryAfterMs;
  }

  /**
   * One message at a time: one statement records the last message's outcome and starts the next (only one row of
   * the claim is ever `sending`), and up to `burst` messages share a reservation while the provider answers fast
   * enough for each to go within the tolerance of its slot; one that would go later takes a fresh slot. A message
   * becomes `sending` only once its slot has come, and the last one's outcome is recorded while waiting for a slot:
   * a worker that dies while it waits leaves nothing in flight, so nothing the provider cannot account for (Telegram
   * and Web Push keep no list of what was sent) — only a death during the provider call itself (or the tolerance's
   * few milliseconds after it) does. The statement holds two rows: against a pause or cancel over the same rows it
   * can deadlock, and runs again.
   */
  private async sendInTurn({ alert, claimId, provider, pace, rows, recipients, stop }: Send): Promise<number> {
    let retryAfterMs = 0;
    const lease = this.lease(claimId);
    let slot = 0;
    let left = 0;
    let callMs: number | null = null;
    let done: Outcome | null = null;
    const step = async (next: string | null) => {
      const attempts = await retryOnDeadlock(() => this.deliveries.step(this.uow.db, claimId, done, next, this.now()));
      done = null;
      return attempts;
    };
    const late = () => left === 0 || Date.now() - slot > pace.toleranceMs;
    const onTime = async (i: number) => {
      while (late()) {
        left = Math.min(burstFor(pace, this.stepMs.get(provider) ?? Infinity), rows.length - i);
        slot = await this.windows.reserve(this.uow.db, provider, left, pace, Date.now());
        // A wait longer than the tolerance records the last outcome first (the statement takes far less); a shorter
        // one leaves it to the next message's statement.
        if (done && slot - Date.now() >= pace.toleranceMs) await step(null);
        await until(slot);
      }
    };
    for (const [i, row] of rows.entries()) {
      if (stop.aborted) break;
      await lease.keep();
      await onTime(i);
      const stepped = Date.now();
      const attempts = await step(row.id);
      if (attempts === undefined) continue; // taken back: a pause, a cancel, the sweeper
      if (callMs !== null) this.stepMs.set(provider, callMs + Date.now() - stepped);
      await onTime(i); // the statement itself took it past the slot (rare): it waits as `sending`
      left--;
      const sentAt = Date.now();
      done = await this.sendOne(alert, { ...row, attempts }, recipients.get(row.subscriberId ?? ''));
      callMs = Date.now() - sentAt;
      if (done.retryAfterMs !== undefined) retryAfterMs = Math.max(retryAfterMs, done.retryAfterMs);
    }
    if (done) await step(null);
    return retryAfterMs;
  }

  /**
   * Rows still waiting their turn keep their lease (renewed every third of ALERT_RECOVERY_SECONDS): the sweeper takes
   * back only the rows of a worker that stopped renewing them.
   */
  private lease(claimId: string): { keep(): Promise<void> } {
    let leased = Date.now();
    return {
      keep: async () => {
        if (Date.now() - leased <= this.config.alerts.recoveryMs / 3) return;
        await this.deliveries.renewClaim(this.uow.db, claimId, this.now());
        leased = Date.now();
      },
    };
  }

  /** Each statement only moves rows still in flight under this claim, so one aborted by a deadlock runs again. */
  private async record(claim: string, outcomes: readonly Outcome[]): Promise<void> {
    await retryOnDeadlock(() => this.recordOnce(claim, outcomes));
  }

  private async recordOnce(claim: string, outcomes: readonly Outcome[]): Promise<void> {
    const now = this.now();
    await this.deliveries.markSent(
      this.uow.db,
      outcomes.flatMap((o) => (o.sent ? [{ id: o.id, providerMessageId: o.sent, claim }] : [])),
      now,
    );
    await this.deliveries.markFailed(
      this.uow.db,
      outcomes.flatMap((o) => (o.failed ? [{ id: o.id, code: o.failed, claim }] : [])),
      now,
    );
    await this.deliveries.release(
      this.uow.db,
      outcomes.flatMap((o) => (o.retryAfterMs !== undefined ? [{ id: o.id, claim }] : [])),
      now,
    );
  }

  private async sendOne(alert: AlertRow, row: Claimed, recipient: Recipient | undefined): Promise<Outcome> {
    const address = recipient?.address;
    if (!address) return { id: row.id, failed: 'no-address' };
    const variant = alert.variants.find((v: AlertVariant) => v.language === row.language) ?? alert.variants[0]!;
    const message = messageOf(variant, row.channel, alert.drill);
    const backoff = (retryAfterMs?: number) => retryAfterMs ?? 500 * 2 ** Math.min(row.attempts - 1, 6);
    const mediaUrl = this.images.urlFor(alert.image, row.channel);
    if (row.channel === 'webpush') {
      const sent = await this.push.send(JSON.parse(address) as PushSubscriptionJson, {
        kind: 'alert',
        alertId: alert.id,
        title: message.title,
        body: message.text,
        drill: alert.drill,
        url: `/alerts/${alert.id}`,
        ...(mediaUrl ? { image: mediaUrl } : {}),
      });
      if (sent.ok) return { id: row.id, sent: sent.id };
      if (sent.gone && row.subscriberId) await this.subscribers.deleteById(this.uow.db, row.subscriberId);
      return sent.retryable && row.attempts < MAX_ATTEMPTS ? { id: row.id, retryAfterMs: backoff() } : { id: row.id, failed: String(sent.status || 'network') };
    }
    try {
      const sent = await this.channels.deliver({
        channel: row.channel,
        address,
        text: message.text,
        optedOut: recipient.optedOut,
        ...(mediaUrl ? { mediaUrl } : {}),
      });
      return { id: row.id, sent: sent.providerMessageId };
    } catch (error) {
      const e = error instanceof ProviderError ? error : null;
      const retryable = e ? e.retryable : true;
      if (retryable && row.attempts < MAX_ATTEMPTS) return { id: row.id, retryAfterMs: backoff(e?.retryAfterMs) };
      return { id: row.id, failed: e?.code ?? String(e?.status ?? 'network') };
    }
  }
}
