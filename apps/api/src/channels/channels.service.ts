import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { EventBus } from '../common/events/event-bus.js';
import { KeyRing } from '../crypto/key-ring.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { SealedPurpose } from '../retention/retention-rule.js';
import {
  type DeliverInput,
  type DeliveryStatus,
  type InboundHandler,
  type InboundMessage,
  type MessagingChannel,
  ProviderError,
  type ProviderSendResult,
  type SendInput,
} from './channel.types.js';
import { ChannelsRepository } from './channels.repository.js';
import { DeliveryReported, OptOutChanged } from './channels.events.js';
import { KEYWORD_REPLIES, keywordOf } from './stop-words.js';
import { TelegramGateway } from './telegram.gateway.js';
import { TwilioGateway } from './twilio.gateway.js';

/** Key purpose of the stable keyed hash of a sender's address (one key, never rotated). */
export const ADDRESS_MAC = 'channel-address';
/** Key purpose of senders' sealed numbers and chat ids (destroyed SENDER_RETENTION_DAYS after their day). */
export const SENDER = 'sender';

export type SendOutcome = { id: string; providerMessageId: string | null; status: DeliveryStatus; errorCode: string | null };

/** Twilio's message statuses, as the few the dispatcher sees. */
export function deliveryStatusOf(twilioStatus: string): DeliveryStatus | null {
  switch (twilioStatus) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
    case 'sending':
      return 'queued';
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}

/**
 * The shared channel layer: SMS and WhatsApp (Twilio) and Telegram (grammY) in and out. Inbound messages are
 * processed once per provider id and go to registered handlers by priority; STOP/HELP words are answered here
 * (priority 0). Outbound conversational messages are recorded with their delivery status; bulk sends are not.
 */
@Injectable()
export class ChannelsService implements OnModuleInit {
  private readonly logger = new Logger(ChannelsService.name);
  private handlers: InboundHandler[] = [];
  private readonly senderReferences: SealedPurpose['references'] = [{ table: 'channel_messages', column: 'sealed_key' }];

  constructor(
    private readonly uow: UnitOfWork,
    private readonly keys: KeyRing,
    private readonly repository: ChannelsRepository,
    private readonly twilio: TwilioGateway,
    private readonly telegram: TelegramGateway,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.telegram.onInbound((message) => this.receive(message).then(() => undefined));
    this.registerInbound({ name: 'keywords', priority: 0, handle: (msg) => this.keywords(msg) });
  }

  enabled(channel: MessagingChannel): boolean {
    return channel === 'telegram' ? this.telegram.enabled : this.twilio.enabled(channel);
  }

  addressHash(channel: MessagingChannel, address: string): string {
    return this.keys.stableMac(ADDRESS_MAC, `${channel}:${address}`);
  }

  sealAddress(address: string): Buffer {
    return this.keys.seal(SENDER, address);
  }

  openAddress(sealed: Buffer): string | null {
    return this.keys.openText(sealed);
  }

  /** The key id a sealed address depends on (for a row's `sealed_key` column). */
  keyIdOf(sealed: Buffer): string | null {
    return this.keys.keyIdOf(sealed);
  }

  /**
   * Tables that keep addresses sealed with `sealAddress` name their key column here, so retention destroys a
   * "sender" key only once no row of any of them refers to it.
   */
  addSealedAddressReference(table: string, column: string): void {
    if (!this.senderReferences.some((r) => r.table === table && r.column === column)) this.senderReferences.push({ table, column });
  }

  get sealedAddressReferences(): SealedPurpose['references'] {
    return this.senderReferences;
  }

  registerInbound(handler: InboundHandler): void {
    this.handlers = [...this.handlers.filter((h) => h.name !== handler.name), handler].sort((a, b) => a.priority - b.priority);
  }

  /**
   * A message from a provider's webhook: processed once per provider id (a replay, or a concurrent retry, finds
   * the claim and does nothing), then offered to the handlers in order. If a handler fails the claim is given
   * back and the error reaches the webhook, so the provider retries.
   */
  async receive(raw: Omit<InboundMessage, 'addressHash'>): Promise<'processed' | 'replay'> {
    if (!(await this.repository.claimInbound(this.uow.db, raw.channel, raw.providerMessageId))) return 'replay';
    const message: InboundMessage = { ...raw, addressHash: this.addressHash(raw.channel, raw.address) };
    try {
      for (const handler of this.handlers) if (await handler.handle(message)) return 'processed';
      this.logger.warn(`an inbound ${message.channel} message was not handled by anything`);
      return 'processed';
    } catch (error) {
      await this.repository.releaseInbound(this.uow.db, raw.channel, raw.providerMessageId);
      throw error;
    }
  }

  async isOptedOut(channel: MessagingChannel, address: string): Promise<boolean> {
    return this.repository.isOptedOut(this.uow.db, channel, this.addressHash(channel, address));
  }

  /** A conversational message: recorded (once per ref) with its delivery status; never throws for a provider's refusal. */
  async send(input: SendInput): Promise<SendOutcome> {
    const sealed = this.sealAddress(input.address);
    const addressHash = this.addressHash(input.channel, input.address);
    const row = await this.repository.outbound(this.uow.db, {
      channel: input.channel,
      ref: input.ref,
      addressHash,
      address: sealed,
      sealedKey: this.keys.keyIdOf(sealed),
    });
    if (!row.created) return { id: row.id, providerMessageId: row.providerMessageId, status: row.status, errorCode: null };
    let outcome: SendOutcome;
    if (!this.enabled(input.channel)) outcome = { id: row.id, providerMessageId: null, status: 'failed', errorCode: 'channel-off' };
    else if (!input.evenIfOptedOut && (await this.repository.isOptedOut(this.uow.db, input.channel, addressHash)))
      outcome = { id: row.id, providerMessageId: null, status: 'failed', errorCode: 'opted-out' };
    else {
      try {
        const sent = await this.provide(input);
        outcome = { id: row.id, providerMessageId: sent.providerMessageId, status: sent.status, errorCode: null };
      } catch (error) {
        const e = error instanceof ProviderError ? error : new ProviderError(String(error), 0, null, true);
        this.logger.warn(`a ${input.channel} message was refused: ${e.status} ${e.code ?? ''}`);
        outcome = { id: row.id, providerMessageId: null, status: 'failed', errorCode: e.code ?? (e.status ? `http-${e.status}` : 'unreachable') };
      }
    }
    await this.repository.setOutcome(this.uow.db, row.id, outcome);
    await this.uow.deliver([new DeliveryReported(outcome.providerMessageId ?? '', input.channel, outcome.status, outcome.errorCode, row.id)]);
    return outcome;
  }

  /**
   * An automatic answer to an inbound message (a STOP confirmation, the guided flow's next question): recorded and
   * sent like `send`, but after the provider's webhook was answered — a webhook never waits on the provider's own
   * API (100–300 ms away). The bus tracks it and a shutdown waits for it (a send cut by the shutdown itself is
   * logged, not retried: the sender can write again).
   */
  answer(input: SendInput): void {
    this.bus.background(`${input.channel} answer`, () => this.send(input));
  }

  /** Raw provider send for bulk fan-out: no row of ours; throws ProviderError (also for an opted-out address). */
  async deliver(input: DeliverInput): Promise<ProviderSendResult> {
    if (!this.enabled(input.channel)) throw new ProviderError(`${input.channel} is not configured`, 503, 'channel-off', false);
    const optedOut = input.optedOut ?? (await this.repository.isOptedOut(this.uow.db, input.channel, this.addressHash(input.channel, input.address)));
    if (optedOut) throw new ProviderError('the recipient opted out', 403, 'opted-out', false);
    const { providerMessageId } = await this.provide(input);
    return { providerMessageId };
  }

  /**
   * Whether a bulk send that was cut short reached the provider: its message id when the provider has it (Twilio
   * lists what it sent), `absent` when it has no such message, `unknown` when it cannot tell (Telegram keeps no list
   * of what a bot sent). Throws when the provider cannot be reached.
   */
  async findSent(channel: MessagingChannel, address: string, text: string, since: Date): Promise<{ providerMessageId: string } | 'absent' | 'unknown'> {
    if (channel === 'telegram' || !this.enabled(channel)) return 'unknown';
    const sid = await this.twilio.findSent(channel, address, text, since);
    return sid ? { providerMessageId: sid } : 'absent';
  }

  /** One post to the public Telegram channel: text, or a photo (fetched by Telegram from `mediaUrl`) with it as caption. */
  async postToTelegramChannel(post: { text: string; mediaUrl?: string }): Promise<ProviderSendResult | null> {
    const channelId = this.telegram.enabled ? this.channelId() : undefined;
    return channelId ? this.telegram.send(channelId, post.text, post.mediaUrl ? { mediaUrl: post.mediaUrl } : {}) : null;
  }

  /** A Twilio status callback: the outbound row moves forward, and everyone listening hears of it. */
  async reportStatus(providerMessageId: string, channel: MessagingChannel, status: DeliveryStatus, errorCode: string | null): Promise<void> {
    const moved = await this.repository.reportStatus(this.uow.db, providerMessageId, status, errorCode);
    const ours = moved ?? (await this.repository.messageOf(this.uow.db, providerMessageId));
    if (ours && !moved) return; // stale or repeated callback for one of our messages
    await this.uow.deliver([new DeliveryReported(providerMessageId, channel, status, errorCode, moved?.id ?? null)]);
  }

  private channelId(): string | undefined {
    return this.telegram.channelId;
  }

  private async provide(input: DeliverInput & { buttons?: SendInput['buttons'] }): Promise<ProviderSendResult & { status: DeliveryStatus }> {
    if (input.channel === 'telegram') {
      const sent = await this.telegram.send(input.address, input.text, {
        ...(input.mediaUrl ? { mediaUrl: input.mediaUrl } : {}),
        ...(input.buttons ? { buttons: input.buttons } : {}),
      });
      return { ...sent, status: 'sent' };
    }
    const sent = await this.twilio.send(input.channel, input.address, input.text, input.mediaUrl);
    return { providerMessageId: sent.providerMessageId, status: deliveryStatusOf(sent.status) ?? 'queued' };
  }

  /** STOP/START/HELP and their Spanish equivalents, alone in a message. */
  private async keywords(msg: InboundMessage): Promise<boolean> {
    if (msg.media.length > 0 || msg.location || msg.callbackData) return false;
    const keyword = keywordOf(msg.text);
    if (!keyword) return false;
    const language = keyword.language === 'es' || msg.language?.startsWith('es') ? 'es' : 'en';
    const reply = (kind: keyof typeof KEYWORD_REPLIES) =>
      this.answer({
        channel: msg.channel,
        address: msg.address,
        text: KEYWORD_REPLIES[kind][language],
        ref: `${kind}:${msg.channel}:${msg.providerMessageId}`,
        evenIfOptedOut: true,
      });
    if (keyword.kind === 'help') {
      reply('help');
      return false; // the dispatcher still sees someone asked for help
    }
    const changed =
      keyword.kind === 'opt-out'
        ? await this.uow.run(async (tx) => {
            const added = await this.repository.optOut(tx.db, msg.channel, msg.addressHash);
            if (added) tx.publish(new OptOutChanged(msg.channel, msg.addressHash, true));
            return added;
          })
        : await this.uow.run(async (tx) => {
            const removed = await this.repository.optIn(tx.db, msg.channel, msg.addressHash);
            if (removed) tx.publish(new OptOutChanged(msg.channel, msg.addressHash, false));
            return removed;
          });
    if (changed) reply(keyword.kind);
    // START from someone who never opted out is no keyword of ours (Telegram's /start begins the guided flow).
    return keyword.kind === 'opt-out' || changed;
  }
}
