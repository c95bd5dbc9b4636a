import type { AlertChannel, AlertVariant, PushSubscriptionJson } from '@centinela/contracts';
import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { ProviderError } from '../channels/channel.types.js';
import { ChannelsService } from '../channels/channels.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { AlertImages } from './alert-images.js';
import { AlertPushSender } from './alert-push.js';
import type { AlertRow } from './alerts.repository.js';
import { type Claimed, DeliveriesRepository } from './deliveries.repository.js';
import { messageOf } from './estimate.js';
import { paceOf } from './pace.js';
import { SubscribersRepository } from './subscribers.repository.js';

export type Provider = 'twilio' | 'telegram' | 'webpush';
export const providerOf = (channel: AlertChannel): Provider => (channel === 'telegram' ? 'telegram' : channel === 'webpush' ? 'webpush' : 'twilio');
export type Recipient = { address: string; optedOut: boolean };
type Outcome = { id: string; sent?: string; failed?: string; retryAfterMs?: number };

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
    private readonly subscribers: SubscribersRepository,
    private readonly channels: ChannelsService,
    private readonly push: AlertPushSender,
    private readonly images: AlertImages,
  ) {}

  private now(): Date {
    return new Date(this.clock.now());
  }

  /** Rows a worker claims at a time: about CHUNK, in whole slices of the provider's pace. */
  chunkOf(provider: Provider): number {
    const { slice } = paceOf(provider, this.config.alerts.rates[provider]);
    return slice * Math.max(1, Math.round(CHUNK / slice));
  }

  /**
   * A chunk, per provider, a slice at a time (see paceOf): the slice's slots are reserved from the shared pace, the
   * rows still held by this claim become `sending` just before they go, in bursts, and the slice's outcomes are
   * recorded as soon as it is done — so a worker that dies leaves in flight only the messages of its last slice.
   * Returns the longest wait a provider asked for (429/5xx), 0 for none.
   */
  async sendChunk(alert: AlertRow, claimId: string, claimed: Claimed[], recipients: Map<string, Recipient>): Promise<number> {
    const byProvider = new Map<Provider, Claimed[]>();
    for (const c of claimed) byProvider.set(providerOf(c.channel), [...(byProvider.get(providerOf(c.channel)) ?? []), c]);
    let retryAfterMs = 0;
    await Promise.all(
      [...byProvider].map(async ([provider, rows]) => {
        const { intervalMs, toleranceMs, burst, slice: unit } = paceOf(provider, this.config.alerts.rates[provider]);
        let leased = Date.now();
        for (let next = 0; next < rows.length;) {
          // Rows still waiting their turn keep their lease (a third of ALERT_RECOVERY_SECONDS at a time): the
          // sweeper takes back only the rows of a worker that stopped renewing them.
          if (Date.now() - leased > this.config.alerts.recoveryMs / 3) {
            await this.deliveries.renewClaim(this.uow.db, claimId, this.now());
            leased = Date.now();
          }
          const slice = rows.slice(next, next + unit);
          next += slice.length;
          // Whole bursts are reserved (a short last one wastes its few slots), so bursts stay on the shared grid.
          const bursts = Math.ceil(slice.length / burst);
          const start = await this.deliveries.reserve(this.uow.db, provider, bursts * burst, intervalMs, Date.now());
          if (start > Date.now()) await delay(start - Date.now());
          const going = await this.deliveries.startSending(
            this.uow.db,
            slice.map((r) => r.id),
            claimId,
            this.now(),
          );
          const ready = slice.filter((row) => going.has(row.id));
          const outcomes = (
            await Promise.all(
              Array.from({ length: bursts }, async (_, b) => {
                let slot = start + b * burst * intervalMs;
                for (;;) {
                  await until(slot);
                  // Later than the tolerance (a busy event loop): a fresh slot, so late sends never bunch up.
                  if (Date.now() - slot <= toleranceMs) break;
                  slot = await this.deliveries.reserve(this.uow.db, provider, burst, intervalMs, Date.now());
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
      }),
    );
    return retryAfterMs;
  }

  private async record(claim: string, outcomes: readonly Outcome[]): Promise<void> {
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
