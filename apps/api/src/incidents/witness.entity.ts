import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** How to reach a witness, for legal defense. Deleted WITNESS_RETENTION_DAYS after it was recorded. */
@Entity('witnesses')
export class WitnessEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_witnesses' })
  id: string;

  @ForeignKey('IncidentEntity', { name: 'FK_witnesses_incident', onDelete: 'CASCADE' })
  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  /** Sealed (encrypted) under a witness key that is destroyed after the retention period. */
  @Column({ type: 'bytea', nullable: true })
  contact: Buffer | null;

  @Column({ type: 'bytea', nullable: true })
  note: Buffer | null;

  /** The key the sealed columns of this row are encrypted under (see KeyRing); null when nothing is sealed. */
  @Column({ name: 'sealed_key', type: 'text', nullable: true })
  sealedKey: string | null;

  @ForeignKey('UserEntity', { name: 'FK_witnesses_created_by', onDelete: 'SET NULL' })
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Index('IDX_witnesses_created_at')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
