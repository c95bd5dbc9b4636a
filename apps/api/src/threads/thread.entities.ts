import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One conversation with one sender: SMS, WhatsApp or Telegram. Deleted SENDER_RETENTION_DAYS after its last message. */
@Entity('threads')
@Unique('UQ_threads_sender', ['channel', 'senderHash'])
@Check('CHK_threads_channel', `"channel" IN ('sms', 'whatsapp', 'telegram')`)
export class ThreadEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_threads' })
  id: string;

  @Column({ type: 'text' })
  channel: string;

  /** ChannelsService.addressHash of the sender. */
  @Column({ name: 'sender_hash', type: 'text' })
  senderHash: string;

  /** The sender's number or chat id, sealed under a "sender" key (re-sealed with each message). */
  @Column({ type: 'bytea' })
  sender: Buffer;

  @Column({ name: 'sealed_key', type: 'text' })
  sealedKey: string;

  @Column({ type: 'text', nullable: true })
  language: string | null;

  @Column({ type: 'int', default: 0 })
  unread: number;

  @Index('IDX_threads_last_message_at')
  @Column({ name: 'last_message_at', type: 'timestamptz', default: () => 'now()' })
  lastMessageAt: Date;

  @ForeignKey('SightingEntity', { name: 'FK_threads_sighting', onDelete: 'SET NULL' })
  @Column({ name: 'sighting_id', type: 'uuid', nullable: true })
  sightingId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A message in a thread: its text (and place) sealed, an inbound photo cleaned of metadata and sealed. */
@Entity('thread_messages')
@Check('CHK_thread_messages_direction', `"direction" IN ('in', 'out')`)
export class ThreadMessageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_thread_messages' })
  id: string;

  @Index('IDX_thread_messages_thread')
  @ForeignKey('ThreadEntity', { name: 'FK_thread_messages_thread', onDelete: 'CASCADE' })
  @Column({ name: 'thread_id', type: 'uuid' })
  threadId: string;

  @Column({ type: 'text' })
  direction: string;

  /** `{ text, location }` as JSON, sealed. */
  @Column({ type: 'bytea' })
  body: Buffer;

  @Column({ type: 'bytea', nullable: true })
  photo: Buffer | null;

  @Column({ name: 'photo_type', type: 'text', nullable: true })
  photoType: string | null;

  @Column({ name: 'sealed_key', type: 'text' })
  sealedKey: string;

  /** Outbound: the channel layer's message row, whose delivery reports update `status`. */
  @Index('IDX_thread_messages_channel_message')
  @Column({ name: 'channel_message_id', type: 'uuid', nullable: true })
  channelMessageId: string | null;

  @Column({ type: 'text', nullable: true })
  status: string | null;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode: string | null;

  @ForeignKey('UserEntity', { name: 'FK_thread_messages_author', onDelete: 'SET NULL' })
  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
