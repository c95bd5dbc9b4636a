import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A Telegram sender's report in progress (the guided flow's state, shared by every API process). */
@Entity('telegram_drafts')
export class TelegramDraftEntity {
  /** ChannelsService.addressHash of the chat. */
  @PrimaryColumn({ name: 'sender_hash', type: 'text', primaryKeyConstraintName: 'PK_telegram_drafts' })
  senderHash: string;

  @Column({ type: 'text' })
  step: string;

  @Column({ type: 'text', default: 'en' })
  language: string;

  /** `{ lat, lng, place, what, minutesAgo }` as JSON, sealed under a "sender" key. */
  @Column({ type: 'bytea', nullable: true })
  draft: Buffer | null;

  @Column({ type: 'bytea', nullable: true })
  photo: Buffer | null;

  @Column({ name: 'photo_type', type: 'text', nullable: true })
  photoType: string | null;

  @Column({ name: 'sealed_key', type: 'text', nullable: true })
  sealedKey: string | null;

  @Index('IDX_telegram_drafts_updated_at')
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
