import type { DispatchStatus, Need } from '@centinela/contracts';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A request for responders to go to a sighting: which capabilities, how many of each. Escalates in waves
 * until the need is filled; `wave_started_at` is when the current wave went out (the next is due from it).
 */
@Entity('dispatches')
@Check('CHK_dispatches_status', `"status" IN ('active', 'filled', 'unfilled', 'cancelled')`)
@Check('CHK_dispatches_wave', `"wave" BETWEEN 1 AND 4`)
export class DispatchEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_dispatches' })
  id: string;

  @Index('IDX_dispatches_incident')
  @ForeignKey('IncidentEntity', { name: 'FK_dispatches_incident', onDelete: 'CASCADE' })
  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Index('IDX_dispatches_sighting')
  @ForeignKey('SightingEntity', { name: 'FK_dispatches_sighting', onDelete: 'CASCADE' })
  @Column({ name: 'sighting_id', type: 'uuid' })
  sightingId: string;

  @Column({ type: 'jsonb' })
  needs: Need[];

  /** Sealed (encrypted) free text. */
  @Column({ type: 'bytea', nullable: true })
  note: Buffer | null;

  /** The key the sealed columns of this row are encrypted under (see KeyRing); null when nothing is sealed. */
  @Column({ name: 'sealed_key', type: 'text', nullable: true })
  sealedKey: string | null;

  @Column({ type: 'text', default: 'active' })
  status: DispatchStatus;

  @Column({ type: 'int', default: 1 })
  wave: number;

  @Column({ name: 'wave_started_at', type: 'timestamptz' })
  waveStartedAt: Date;

  /** The sighting's observed time plus the response window. */
  @Column({ name: 'window_ends_at', type: 'timestamptz' })
  windowEndsAt: Date;

  /** The dispatcher who asked; null when it started automatically. */
  @ForeignKey('UserEntity', { name: 'FK_dispatches_created_by', onDelete: 'SET NULL' })
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
