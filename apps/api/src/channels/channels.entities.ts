import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * Every provider message id we processed, so a replayed or retried webhook creates nothing twice. Holds no
 * personal data (the provider's id only); deleted after SENDER_RETENTION_DAYS.
 */
@Entity('channel_inbound')
@Check('CHK_channel_inbound_channel', `"channel" IN ('sms', 'whatsapp', 'telegram')`)
export class ChannelInboundEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_channel_inbound' })
  channel: string;

  @PrimaryColumn({ name: 'provider_message_id', type: 'text', primaryKeyConstraintName: 'PK_channel_inbound' })
  providerMessageId: string;

  @Index('IDX_channel_inbound_received_at')
  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}

/** A message we sent with `send`: its delivery status, and the recipient's number sealed until retention purges it. */
@Entity('channel_messages')
@Unique('UQ_channel_messages_ref', ['ref'])
@Check('CHK_channel_messages_channel', `"channel" IN ('sms', 'whatsapp', 'telegram')`)
@Check('CHK_channel_messages_status', `"status" IN ('queued', 'sent', 'delivered', 'failed', 'undelivered')`)
export class ChannelMessageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_channel_messages' })
  id: string;

  @Column({ type: 'text' })
  channel: string;

  /** The caller's idempotency reference: one send per ref. */
  @Column({ type: 'text' })
  ref: string;

  /** The recipient's address hash (ChannelsService.addressHash). */
  @Index('IDX_channel_messages_recipient_hash')
  @Column({ name: 'recipient_hash', type: 'text' })
  recipientHash: string;

  /** The recipient's number or chat id, sealed under a "sender" key. */
  @Column({ type: 'bytea', nullable: true })
  recipient: Buffer | null;

  @Column({ name: 'sealed_key', type: 'text', nullable: true })
  sealedKey: string | null;

  @Index('IDX_channel_messages_provider_message_id')
  @Column({ name: 'provider_message_id', type: 'text', nullable: true })
  providerMessageId: string | null;

  @Column({ type: 'text', default: 'queued' })
  status: string;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode: string | null;

  @Index('IDX_channel_messages_created_at')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** A sender who said STOP (or ALTO, BAJA…): nothing more is sent to that address until they say START. */
@Entity('channel_opt_outs')
@Check('CHK_channel_opt_outs_channel', `"channel" IN ('sms', 'whatsapp', 'telegram')`)
export class ChannelOptOutEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_channel_opt_outs' })
  channel: string;

  /** The sender's address hash (ChannelsService.addressHash). */
  @PrimaryColumn({ name: 'sender_hash', type: 'text', primaryKeyConstraintName: 'PK_channel_opt_outs' })
  senderHash: string;

  @CreateDateColumn({ name: 'opted_out_at', type: 'timestamptz' })
  optedOutAt: Date;
}
