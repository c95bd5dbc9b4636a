import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The audit log of evidence exports: who took which incident's record out, when, and its hash. */
@Entity('evidence_exports')
export class EvidenceExportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_evidence_exports' })
  id: string;

  @Index('IDX_evidence_exports_incident')
  @ForeignKey('IncidentEntity', { name: 'FK_evidence_exports_incident', onDelete: 'SET NULL' })
  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId: string | null;

  @ForeignKey('UserEntity', { name: 'FK_evidence_exports_user', onDelete: 'SET NULL' })
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ type: 'int' })
  bytes: number;
}
