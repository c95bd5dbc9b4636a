import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A hotline operator's call settings: the phone that rings (sealed), the languages they speak, the fallback group. */
@Entity('hotline_operators')
export class HotlineOperatorEntity {
  @ForeignKey('UserEntity', { name: 'FK_hotline_operators_user', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_hotline_operators' })
  userId: string;

  /** Sealed (KeyRing, purpose "operator-phone"): the number Centinela dials. Never sent back in full. */
  @Column({ type: 'bytea', nullable: true })
  phone: Buffer | null;

  /** Sealed like the phone: where missed-call emails go. */
  @Column({ type: 'bytea', nullable: true })
  email: Buffer | null;

  @Column({ name: 'sealed_key', type: 'text', nullable: true })
  sealedKey: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  /** Rung when nobody is on shift. */
  @Column({ type: 'boolean', default: false })
  fallback: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One call to the hotline. The caller's number is sealed for the call-back only and purged after CALLER_RETENTION_DAYS. */
@Entity('hotline_calls')
@Check('CHK_hotline_calls_state', `"state" IN ('ringing', 'answered', 'missed', 'voicemail', 'refused')`)
@Index('UQ_hotline_calls_provider_sid', ['providerSid'], { unique: true })
@Index('IDX_hotline_calls_started', ['startedAt'])
@Index('IDX_hotline_calls_caller', ['callerHash'])
export class HotlineCallEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_hotline_calls' })
  id: string;

  /** Twilio's CallSid of the caller's call: a retried webhook finds the same row. */
  @Column({ name: 'provider_sid', type: 'text' })
  providerSid: string;

  @Column({ type: 'text' })
  state: string;

  @Column({ name: 'refused_because', type: 'text', nullable: true })
  refusedBecause: string | null;

  @Column({ type: 'text', nullable: true })
  language: string | null;

  @Column({ type: 'boolean', default: false })
  fallback: boolean;

  /**
   * Keyed hash of the number (the channels' addressHash, under a key never destroyed): recognises a repeat caller and
   * the ban list. Replaced by `forgotten:<id>` with the number after CALLER_RETENTION_DAYS, so old calls link to no one.
   */
  @Column({ name: 'caller_hash', type: 'text' })
  callerHash: string;

  /** Sealed (purpose "caller"): the number, for a call-back; NULL once purged. */
  @Column({ type: 'bytea', nullable: true })
  caller: Buffer | null;

  @Column({ name: 'sealed_key', type: 'text', nullable: true })
  sealedKey: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @ForeignKey('UserEntity', { name: 'FK_hotline_calls_answered_by', onDelete: 'SET NULL' })
  @Column({ name: 'answered_by', type: 'uuid', nullable: true })
  answeredBy: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'duration_seconds', type: 'int', nullable: true })
  durationSeconds: number | null;

  @Column({ name: 'voicemail_seconds', type: 'int', nullable: true })
  voicemailSeconds: number | null;

  /** Missed calls get a call-back task: who took it and when it was done. */
  @Column({ name: 'callback_open', type: 'boolean', default: false })
  callbackOpen: boolean;

  @ForeignKey('UserEntity', { name: 'FK_hotline_calls_callback_by', onDelete: 'SET NULL' })
  @Column({ name: 'callback_by', type: 'uuid', nullable: true })
  callbackBy: string | null;

  @Column({ name: 'callback_done_at', type: 'timestamptz', nullable: true })
  callbackDoneAt: Date | null;

  @Column({ name: 'alerted_at', type: 'timestamptz', nullable: true })
  alertedAt: Date | null;

  @ForeignKey('SightingEntity', { name: 'FK_hotline_calls_sighting', onDelete: 'SET NULL' })
  @Column({ name: 'sighting_id', type: 'uuid', nullable: true })
  sightingId: string | null;

  /** The call was written into its incident's timeline (once, when linked and ended). */
  @Column({ name: 'timeline_logged', type: 'boolean', default: false })
  timelineLogged: boolean;
}

/** One operator's phone rung for a call ("press 1 to take this hotline call"). */
@Entity('hotline_call_legs')
@Check('CHK_hotline_call_legs_state', `"state" IN ('ringing', 'accepted', 'ended', 'cancelled')`)
@Index('IDX_hotline_call_legs_call', ['callId'])
export class HotlineCallLegEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_hotline_call_legs' })
  id: string;

  @ForeignKey('HotlineCallEntity', { name: 'FK_hotline_call_legs_call', onDelete: 'CASCADE' })
  @Column({ name: 'call_id', type: 'uuid' })
  callId: string;

  @ForeignKey('UserEntity', { name: 'FK_hotline_call_legs_user', onDelete: 'CASCADE' })
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'provider_sid', type: 'text', nullable: true })
  providerSid: string | null;

  @Column({ type: 'text', default: 'ringing' })
  state: string;
}

/** Numbers (by keyed hash only) whose calls get a polite hang-up. */
@Entity('hotline_bans')
export class HotlineBanEntity {
  @PrimaryColumn({ name: 'caller_hash', type: 'text', primaryKeyConstraintName: 'PK_hotline_bans' })
  callerHash: string;

  @ForeignKey('UserEntity', { name: 'FK_hotline_bans_user', onDelete: 'SET NULL' })
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
