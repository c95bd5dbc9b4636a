import type { FollowUpKind } from '@centinela/contracts';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** After-action work: family contacted, legal referral made, a check-in on a date; with who and by when. */
@Entity('follow_ups')
@Check('CHK_follow_ups_kind', `"kind" IN ('family_contacted', 'legal_referral', 'check_in', 'referral', 'other')`)
@Index('IDX_follow_ups_open_due', ['dueAt'], { where: '"done_at" IS NULL' })
export class FollowUpEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_follow_ups' })
  id: string;

  @ForeignKey('IncidentEntity', { name: 'FK_follow_ups_incident', onDelete: 'CASCADE' })
  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ type: 'text' })
  kind: FollowUpKind;

  /** Sealed (encrypted): it may name the family. */
  @Column({ type: 'bytea', nullable: true })
  note: Buffer | null;

  /** The key the sealed columns of this row are encrypted under (see KeyRing); null when nothing is sealed. */
  @Column({ name: 'sealed_key', type: 'text', nullable: true })
  sealedKey: string | null;

  @ForeignKey('UserEntity', { name: 'FK_follow_ups_assignee', onDelete: 'SET NULL' })
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @ForeignKey('UserEntity', { name: 'FK_follow_ups_created_by', onDelete: 'SET NULL' })
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
