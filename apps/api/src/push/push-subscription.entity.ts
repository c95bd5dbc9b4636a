import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A responder's browser push subscription (Web Push). Deleted on sign-out, going off duty, or when the push service says it is gone. */
@Entity('push_subscriptions')
@Unique('UQ_push_subscriptions_endpoint', ['endpoint'])
export class PushSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_push_subscriptions' })
  id: string;

  @Index('IDX_push_subscriptions_responder')
  @ForeignKey('ResponderEntity', { name: 'FK_push_subscriptions_responder', onDelete: 'CASCADE' })
  @Column({ name: 'responder_id', type: 'uuid' })
  responderId: string;

  @Column({ type: 'text' })
  endpoint: string;

  @Column({ type: 'text' })
  p256dh: string;

  @Column({ type: 'text' })
  auth: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
