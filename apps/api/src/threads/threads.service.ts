import { cutText, type ThreadMessage, type ThreadSummary, type ThreadView } from '@centinela/contracts';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import type { InboundMessage } from '../channels/channel.types.js';
import { DeliveryReported } from '../channels/channels.events.js';
import { ChannelsService, SENDER } from '../channels/channels.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import { KeyRing } from '../crypto/key-ring.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { MediaService } from '../media/media.service.js';
import { firstReply } from './first-reply.js';
import { ThreadMessageChanged, ThreadOpened, ThreadUpdated } from './threads.events.js';
import { type MessageRow, type ThreadRow, ThreadsRepository } from './threads.repository.js';
import { providerFailure } from '../common/errors/provider-failure.js';

type Body = { text: string; location?: { lat: number; lng: number; name?: string } | null };
const LABELS = { sms: 'SMS', whatsapp: 'WhatsApp', telegram: 'Telegram' } as const;

export function parseBody(sealed: string): Body {
  try {
    return JSON.parse(sealed) as Body;
  } catch {
    return { text: '' };
  }
}

export const summaryOf = (row: ThreadRow): ThreadSummary => ({
  id: row.id,
  channel: row.channel,
  label: `${LABELS[row.channel]} ·${row.senderHash.replace(/[^A-Za-z0-9]/g, '').slice(0, 4)}`,
  language: row.language,
  unread: row.unread,
  lastMessageAt: row.lastMessageAt,
  preview: cutText(parseBody(row.lastBody).text, 80),
  sightingId: row.sightingId,
  incidentId: row.incidentId,
  optedOut: row.optedOut,
});

export const messageOf = (row: MessageRow): ThreadMessage => {
  const body = parseBody(row.body);
  return {
    id: row.id,
    threadId: row.threadId,
    direction: row.direction,
    text: body.text,
    hasPhoto: row.hasPhoto,
    location: body.location ?? null,
    status: row.status,
    errorCode: row.errorCode,
    author: row.author,
    at: row.at,
  };
};

/**
 * Message threads: every SMS, WhatsApp or Telegram message nothing else consumed lands in its sender's thread
 * (priority 1000, the channel layer's fallback), with its text sealed and any photo cleaned by the media pipeline;
 * a new sender gets the first reply in their language (in the background); dispatchers read and answer live.
 */
@Injectable()
export class ThreadsService implements OnModuleInit {
  private readonly logger = new Logger(ThreadsService.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly keys: KeyRing,
    private readonly channels: ChannelsService,
    private readonly media: MediaService,
    private readonly threads: ThreadsRepository,
  ) {}

  onModuleInit(): void {
    this.channels.registerInbound({ name: 'threads', priority: 1000, handle: (msg) => this.receive(msg).then(() => true) });
    this.channels.addSealedAddressReference('threads', 'sealed_key');
    this.channels.addSealedAddressReference('thread_messages', 'sealed_key');
  }

  /** An inbound message into its sender's thread; the first one of a thread is answered automatically. */
  async receive(msg: InboundMessage): Promise<{ threadId: string; messageId: string }> {
    const photos = await this.cleanPhotos(msg);
    const sender = this.channels.sealAddress(msg.address);
    const { thread, messageIds } = await this.uow.run(async (tx) => {
      const thread = await this.threads.touch(tx.db, {
        channel: msg.channel,
        senderHash: msg.addressHash,
        sender,
        sealedKey: this.keys.keyIdOf(sender)!,
        language: msg.language,
        unread: true,
      });
      const parts =
        photos.length > 0
          ? photos.map((p, i) => ({ text: i === 0 ? msg.text : '', location: i === 0 ? msg.location : null, photo: p }))
          : [{ text: msg.text, location: msg.location, photo: null }];
      const messageIds: string[] = [];
      for (const part of parts) {
        const body = this.keys.seal(SENDER, JSON.stringify({ text: part.text, location: part.location }));
        messageIds.push(
          await this.threads.addMessage(tx.db, {
            threadId: thread.id,
            direction: 'in',
            body,
            photo: part.photo ? this.keys.seal(SENDER, part.photo.bytes) : null,
            photoType: part.photo?.contentType ?? null,
            sealedKey: this.keys.keyIdOf(body)!,
            authorId: null,
            status: null,
          }),
        );
      }
      await this.publish(tx, thread.id, messageIds);
      if (thread.created) tx.publish(new ThreadOpened(thread.id, msg.language));
      return { thread, messageIds };
    });
    return { threadId: thread.id, messageId: messageIds[0]! };
  }

  /**
   * The automatic first reply to a new sender, in the background: the provider's webhook does not wait on the
   * provider's REST API. Sent once per thread (the channel layer's ref), and lost only with the process itself.
   */
  @OnDomainEvent(ThreadOpened, { background: true })
  async greet({ threadId, language }: ThreadOpened): Promise<void> {
    const thread = await this.threads.sender(this.uow.db, threadId);
    const address = thread && this.channels.openAddress(thread.sender);
    if (!thread || !address) return;
    await this.sendInThread(threadId, { channel: thread.channel, address }, firstReply(language).text, null, `thread-first:${threadId}`);
  }

  async list(): Promise<ThreadSummary[]> {
    return (await this.threads.list(this.uow.db, 200)).map(summaryOf);
  }

  async view(id: string): Promise<ThreadView> {
    const row = await this.threads.find(this.uow.db, id);
    if (!row) throw DomainError.notFound('thread');
    return { thread: summaryOf(row), messages: (await this.threads.messages(this.uow.db, id)).map(messageOf) };
  }

  async markRead(id: string): Promise<ThreadSummary> {
    return this.uow.run(async (tx) => {
      if (!(await this.threads.markRead(tx.db, id))) throw DomainError.notFound('thread');
      const row = (await this.threads.find(tx.db, id))!;
      tx.publish(new ThreadUpdated(summaryOf(row)));
      return summaryOf(row);
    });
  }

  /** A dispatcher's reply: stored, sent through the channel layer, its delivery status followed. */
  async reply(id: string, text: string, user: AuthUser): Promise<ThreadMessage> {
    const thread = await this.threads.sender(this.uow.db, id);
    if (!thread) throw DomainError.notFound('thread');
    const address = this.channels.openAddress(thread.sender);
    if (!address) throw new DomainError('gone', "the sender's number was deleted by the retention policy").because('thread.numberDeleted');
    return this.sendInThread(id, { channel: thread.channel, address }, text, user.id, null);
  }

  /** The photo of a message, cleaned of metadata; 404 when there is none, 410 once its key is destroyed. */
  async photo(threadId: string, messageId: string): Promise<{ bytes: Buffer; contentType: string }> {
    const row = await this.threads.photo(this.uow.db, threadId, messageId);
    if (!row) throw DomainError.notFound('photo');
    const bytes = this.keys.open(row.photo);
    if (!bytes) throw new DomainError('gone', 'this photo was deleted by the retention policy').because('photo.deleted');
    return { bytes, contentType: row.photoType };
  }

  @OnDomainEvent(DeliveryReported)
  async onDeliveryReported(event: DeliveryReported): Promise<void> {
    if (!event.messageId) return;
    const messageId = await this.threads.deliveryReported(this.uow.db, event.messageId, event.status, event.errorCode);
    const row = messageId ? await this.threads.message(this.uow.db, messageId) : null;
    if (row) await this.uow.deliver([new ThreadMessageChanged(messageOf(row))]);
  }

  private async sendInThread(
    threadId: string,
    to: { channel: ThreadSummary['channel']; address: string },
    text: string,
    authorId: string | null,
    ref: string | null,
  ): Promise<ThreadMessage> {
    const body = this.keys.seal(SENDER, JSON.stringify({ text }));
    const messageId = await this.uow.run(async (tx) => {
      const id = await this.threads.addMessage(tx.db, {
        threadId,
        direction: 'out',
        body,
        photo: null,
        photoType: null,
        sealedKey: this.keys.keyIdOf(body)!,
        authorId,
        status: 'queued',
      });
      await this.publish(tx, threadId, [id]);
      return id;
    });
    const sent = await this.channels.send({ channel: to.channel, address: to.address, text, ref: ref ?? `thread-message:${messageId}` });
    await this.threads.setDelivery(this.uow.db, messageId, { channelMessageId: sent.id, status: sent.status, errorCode: sent.errorCode });
    const row = (await this.threads.message(this.uow.db, messageId))!;
    await this.uow.deliver([new ThreadMessageChanged(messageOf(row))]);
    return messageOf(row);
  }

  private async publish(tx: Tx, threadId: string, messageIds: string[]): Promise<void> {
    const thread = (await this.threads.find(tx.db, threadId))!;
    tx.publish(new ThreadUpdated(summaryOf(thread)));
    for (const id of messageIds) tx.publish(new ThreadMessageChanged(messageOf((await this.threads.message(tx.db, id))!)));
  }

  /** Photos fetched from the provider and cleaned (EXIF and every other metadata dropped) before anything is stored. */
  private async cleanPhotos(msg: InboundMessage): Promise<{ bytes: Buffer; contentType: string }[]> {
    const photos: { bytes: Buffer; contentType: string }[] = [];
    for (const item of msg.media.filter((m) => m.contentType.startsWith('image/'))) {
      try {
        const clean = await this.media.clean(await item.fetch(), item.contentType);
        photos.push({ bytes: clean.bytes, contentType: clean.contentType });
      } catch (error) {
        this.logger.warn(`a ${msg.channel} photo was not kept: ${providerFailure(error)}`);
      }
    }
    return photos;
  }
}
