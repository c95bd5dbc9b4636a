import type { ShiftRole } from '@centinela/contracts';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One shift of the weekly recurring schedule: a weekday and a start and end in the network's time zone (an end at or
 * before the start means the shift crosses midnight), for operators or responders (optionally in one zone), and how
 * many people it needs (its minimum staffing: fewer assigned → an open shift and a gap).
 */
@Entity('shift_templates')
@Check('CHK_shift_templates_role', `"role" IN ('operator', 'responder')`)
@Check('CHK_shift_templates_weekday', `"weekday" BETWEEN 1 AND 7`)
@Check('CHK_shift_templates_min_staff', `"min_staff" BETWEEN 1 AND 50`)
@Check('CHK_shift_templates_times', `"start_time" <> "end_time"`)
export class ShiftTemplateEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_shift_templates' })
  id: string;

  /** ISO weekday of the start: 1 = Monday … 7 = Sunday. */
  @Column({ type: 'smallint' })
  weekday: number;

  @Column({ name: 'start_time', type: 'time' })
  startTime: string;

  @Column({ name: 'end_time', type: 'time' })
  endTime: string;

  @Column({ type: 'text' })
  role: ShiftRole;

  @Index('IDX_shift_templates_zone')
  @ForeignKey('ZoneEntity', { name: 'FK_shift_templates_zone', onDelete: 'SET NULL' })
  @Column({ name: 'zone_id', type: 'uuid', nullable: true })
  zoneId: string | null;

  @Column({ name: 'min_staff', type: 'smallint', default: 1 })
  minStaff: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A person on a recurring shift; `offered_at` is set while they offer it to someone else (a swap). */
@Entity('shift_assignments')
@Unique('UQ_shift_assignments_person', ['templateId', 'userId'])
export class ShiftAssignmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_shift_assignments' })
  id: string;

  @ForeignKey('ShiftTemplateEntity', { name: 'FK_shift_assignments_template', onDelete: 'CASCADE' })
  @Column({ name: 'template_id', type: 'uuid' })
  templateId: string;

  @Index('IDX_shift_assignments_user')
  @ForeignKey('UserEntity', { name: 'FK_shift_assignments_user', onDelete: 'CASCADE' })
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'offered_at', type: 'timestamptz', nullable: true })
  offeredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Responders who asked for their duty to follow their shifts (on at start, off at end, a reminder before). */
@Entity('shift_duty_followers')
export class ShiftDutyFollowerEntity {
  @ForeignKey('ResponderEntity', { name: 'FK_shift_duty_followers_responder', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'responder_id', type: 'uuid', primaryKeyConstraintName: 'PK_shift_duty_followers' })
  responderId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Each duty change or reminder done, once: the job that inserts the row acts; a duplicate finds it and does nothing. */
@Entity('shift_duty_runs')
export class ShiftDutyRunEntity {
  @ForeignKey('ShiftTemplateEntity', { name: 'FK_shift_duty_runs_template', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'template_id', type: 'uuid', primaryKeyConstraintName: 'PK_shift_duty_runs' })
  templateId: string;

  @ForeignKey('UserEntity', { name: 'FK_shift_duty_runs_user', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_shift_duty_runs' })
  userId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_shift_duty_runs' })
  kind: string;

  @Index('IDX_shift_duty_runs_at')
  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'PK_shift_duty_runs' })
  at: Date;
}

/** A person's calendar feed: only the SHA-256 of its secret token is kept. */
@Entity('shift_calendar_feeds')
export class ShiftCalendarFeedEntity {
  @ForeignKey('UserEntity', { name: 'FK_shift_calendar_feeds_user', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_shift_calendar_feeds' })
  userId: string;

  @Index('UQ_shift_calendar_feeds_token', { unique: true })
  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The operators' shared thread: messages sealed, kept OPERATOR_THREAD_RETENTION_DAYS. */
@Entity('operator_messages')
export class OperatorMessageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_operator_messages' })
  id: string;

  @ForeignKey('UserEntity', { name: 'FK_operator_messages_author', onDelete: 'SET NULL' })
  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ type: 'bytea' })
  body: Buffer;

  @Column({ name: 'sealed_key', type: 'text' })
  sealedKey: string;

  @Index('IDX_operator_messages_created_at')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
