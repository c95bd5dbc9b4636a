import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * Someone who asked for alerts: a channel address, sealed (KeyRing purpose `alert-subscriber`, whose keys live as
 * long as a row refers to them), found again by a keyed hash; the areas (zone ids), a language, when they consented,
 * and whether they take part in drills. No name. Unsubscribing deletes the row.
 */
@Entity('alert_subscribers')
@Unique('UQ_alert_subscribers_address', ['channel', 'addressHash'])
@Check('CHK_alert_subscribers_channel', `"channel" IN ('sms', 'whatsapp', 'telegram', 'webpush')`)
@Check('CHK_alert_subscribers_state', `"state" IN ('pending', 'active')`)
export class AlertSubscriberEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_alert_subscribers' })
  id: string;

  @Column({ type: 'text' })
  channel: string;

  @Column({ name: 'address_hash', type: 'text' })
  addressHash: string;

  /** The phone number, Telegram chat id or Web Push subscription (JSON), sealed. */
  @Column({ type: 'bytea' })
  address: Buffer;

  @Column({ name: 'sealed_key', type: 'text' })
  sealedKey: string;

  /** pending: signed up by text without an area yet (receives nothing). */
  @Column({ type: 'text', default: 'active' })
  state: string;

  @Column({ name: 'zone_ids', type: 'uuid', array: true, default: () => "'{}'" })
  zoneIds: string[];

  @Column({ type: 'text' })
  language: string;

  @Column({ name: 'consented_at', type: 'timestamptz' })
  consentedAt: Date;

  /** How they signed up: sms, whatsapp, telegram, web or import. */
  @Column({ type: 'text' })
  source: string;

  @Column({ name: 'drill_list', type: 'boolean', default: false })
  drillList: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('alerts')
@Check('CHK_alerts_type', `"type" IN ('incident', 'know_your_rights', 'all_clear', 'meeting_point', 'correction')`)
@Check('CHK_alerts_status', `"status" IN ('draft', 'awaiting_approval', 'sending', 'paused', 'sent', 'cancelled')`)
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_alerts' })
  id: string;

  @Column({ type: 'text' })
  type: string;

  @Index('IDX_alerts_status')
  @Column({ type: 'text', default: 'draft' })
  status: string;

  @Column({ type: 'boolean', default: false })
  drill: boolean;

  @ForeignKey('IncidentEntity', { name: 'FK_alerts_incident', onDelete: 'SET NULL' })
  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId: string | null;

  @Column({ type: 'jsonb' })
  audience: object;

  @Column({ type: 'text', array: true })
  channels: string[];

  @Column({ type: 'jsonb' })
  variants: object;

  @Column({ name: 'post_to_channel', type: 'boolean', default: true })
  postToChannel: boolean;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @ForeignKey('UserEntity', { name: 'FK_alerts_created_by', onDelete: 'SET NULL' })
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_by_name', type: 'text' })
  createdByName: string;

  /** Who last edited it: they cannot approve it either. */
  @Column({ name: 'edited_by', type: 'uuid', array: true, default: () => "'{}'" })
  editedBy: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @ForeignKey('AlertEntity', { name: 'FK_alerts_correction_of', onDelete: 'SET NULL' })
  @Column({ name: 'correction_of', type: 'uuid', nullable: true })
  correctionOf: string | null;

  /** An image sent with it where the channel allows (Telegram, WhatsApp, Web Push; SMS stays text). */
  @ForeignKey('AlertImageEntity', { name: 'FK_alerts_image', onDelete: 'SET NULL' })
  @Column({ name: 'image_id', type: 'uuid', nullable: true })
  imageId: string | null;

  /** The one post to the public Telegram channel: none, posting, posted, failed. */
  @Column({ name: 'channel_post', type: 'text', default: 'none' })
  channelPost: string;

  @Column({ name: 'channel_post_at', type: 'timestamptz', nullable: true })
  channelPostAt: Date | null;

  /** When it became public (went-out.ts): set once, never cleared. */
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}

@Entity('alert_approvals')
@Check('CHK_alert_approvals_status', `"status" IN ('pending', 'approved', 'rejected', 'expired', 'void')`)
export class AlertApprovalEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_alert_approvals' })
  id: string;

  @Index('IDX_alert_approvals_alert')
  @ForeignKey('AlertEntity', { name: 'FK_alert_approvals_alert', onDelete: 'CASCADE' })
  @Column({ name: 'alert_id', type: 'uuid' })
  alertId: string;

  @Column({ type: 'text' })
  hash: string;

  @Column({ type: 'jsonb' })
  estimate: object;

  @ForeignKey('UserEntity', { name: 'FK_alert_approvals_requested_by', onDelete: 'SET NULL' })
  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ name: 'requested_by_name', type: 'text' })
  requestedByName: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'text', default: 'pending' })
  status: string;

  @ForeignKey('UserEntity', { name: 'FK_alert_approvals_decided_by', onDelete: 'SET NULL' })
  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_by_name', type: 'text', nullable: true })
  decidedByName: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** Why it was sent back (sealed: an approver's reason may name people); NULL when none was given. */
  @Column({ type: 'bytea', nullable: true })
  reason: Buffer | null;

  /** The key `reason` is sealed under (see AlertsRetention). */
  @Column({ name: 'sealed_key', type: 'text', nullable: true })
  sealedKey: string | null;
}

@Entity('alert_templates')
@Unique('UQ_alert_templates_type_language', ['type', 'language'])
export class AlertTemplateEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_alert_templates' })
  id: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  language: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** Everything that happened to an alert, with who did it (the audit log). */
@Entity('alert_log')
export class AlertLogEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_alert_log' })
  id: string;

  @Index('IDX_alert_log_alert')
  @ForeignKey('AlertEntity', { name: 'FK_alert_log_alert', onDelete: 'CASCADE' })
  @Column({ name: 'alert_id', type: 'uuid' })
  alertId: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @ForeignKey('UserEntity', { name: 'FK_alert_log_user', onDelete: 'SET NULL' })
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail: object;
}
