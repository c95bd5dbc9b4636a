import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A responder's browser push subscription (Web Push): the endpoint and its keys sealed (KeyRing purpose
 * `responder-push`, whose keys go once no row names them), found again by a keyed hash of the endpoint. Deleted on
 * sign-out, going off duty, or when the push service says it is gone.
 */
@Entity('push_subscriptions')
@Unique('UQ_push_subscriptions_endpoint_hash', ['endpointHash'])
export class PushSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_push_subscriptions' })
  id: string;

  @Index('IDX_push_subscriptions_responder')
  @ForeignKey('ResponderEntity', { name: 'FK_push_subscriptions_responder', onDelete: 'CASCADE' })
  @Column({ name: 'responder_id', type: 'uuid' })
  responderId: string;

  /** A keyed hash of the endpoint (long-lived purpose `responder-push-endpoint`): uniqueness and lookups. */
  @Column({ name: 'endpoint_hash', type: 'text' })
  endpointHash: string;

  /** The subscription as JSON ({ endpoint, keys: { p256dh, auth } }), sealed. */
  @Column({ type: 'bytea' })
  subscription: Buffer;

  @Column({ name: 'sealed_key', type: 'text' })
  sealedKey: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
