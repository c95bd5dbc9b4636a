import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One recipient of one alert: unique per (alert, subscriber), so no retry, restart or second worker sends twice.
 * `batch` groups rows into the fan-out jobs. Kept ALERT_DELIVERY_RETENTION_DAYS.
 */
@Entity('alert_deliveries')
@Unique('UQ_alert_deliveries_recipient', ['alertId', 'subscriberId'])
@Index('IDX_alert_deliveries_batch', ['alertId', 'batch', 'status'])
/** The sweeper's rows: in flight at a provider (few at any time), and held by a worker that may have died. */
@Index('IDX_alert_deliveries_sending', ['updatedAt'], { where: `"status" = 'sending'` })
@Index('IDX_alert_deliveries_claim_age', ['updatedAt'], { where: `"status" = 'claimed'` })
@Check('CHK_alert_deliveries_status', `"status" IN ('queued', 'claimed', 'sending', 'sent', 'delivered', 'failed', 'cancelled')`)
export class AlertDeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_alert_deliveries' })
  id: string;

  @ForeignKey('AlertEntity', { name: 'FK_alert_deliveries_alert', onDelete: 'CASCADE' })
  @Column({ name: 'alert_id', type: 'uuid' })
  alertId: string;

  /** Null once the subscriber left (their row is deleted; the count stays). */
  @Index('IDX_alert_deliveries_subscriber')
  @ForeignKey('AlertSubscriberEntity', { name: 'FK_alert_deliveries_subscriber', onDelete: 'SET NULL' })
  @Column({ name: 'subscriber_id', type: 'uuid', nullable: true })
  subscriberId: string | null;

  @Column({ type: 'text' })
  channel: string;

  /** The variant sent. */
  @Column({ type: 'text' })
  language: string;

  @Column({ type: 'integer' })
  batch: number;

  @Column({ type: 'text', default: 'queued' })
  status: string;

  @Index('IDX_alert_deliveries_provider_message')
  @Column({ name: 'provider_message_id', type: 'text', nullable: true })
  providerMessageId: string | null;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** The claim of the worker that holds the row ('claimed' or 'sending'): only that claim may send it. */
  @Index('IDX_alert_deliveries_claimed', { where: `"status" = 'claimed'` })
  @Column({ type: 'uuid', nullable: true })
  claim: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * The shared send pace per provider, across every process (see pace.ts): the earliest time (epoch ms) the next
 * message may go (GCRA), and the slots of its last `rate` messages, oldest first.
 */
@Entity('alert_send_windows')
export class AlertSendWindowEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_alert_send_windows' })
  provider: string;

  @Column({ name: 'next_at_ms', type: 'bigint' })
  nextAtMs: string;

  @Column({ name: 'recent_ms', type: 'bigint', array: true, default: () => "'{}'" })
  recentMs: string[];
}

/**
 * What each statement changed in an alert's deliveries, per channel, language, status and error code (written by
 * the trigger of migration AlertDeliveryTallies; summed for the live counts, folded up by the sweeper). Counts only.
 */
@Entity('alert_delivery_tallies')
export class AlertDeliveryTallyEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_alert_delivery_tallies' })
  id: string;

  @Index('IDX_alert_delivery_tallies_alert')
  @Column({ name: 'alert_id', type: 'uuid' })
  alertId: string;

  @Column({ type: 'text' })
  channel: string;

  @Column({ type: 'text' })
  language: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode: string | null;

  @Column({ type: 'int' })
  n: number;
}
