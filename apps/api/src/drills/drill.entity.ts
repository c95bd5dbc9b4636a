import type { DrillReport } from '@centinela/contracts';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A practice run: who started it and when, the scenario, and its incident (a `drill` incident, purged like any
 * other). When it ends its report is frozen here, so it outlives the incident.
 */
@Entity('drills')
export class DrillEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_drills' })
  id: string;

  @Index('IDX_drills_incident')
  @ForeignKey('IncidentEntity', { name: 'FK_drills_incident', onDelete: 'SET NULL' })
  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId: string | null;

  @ForeignKey('SightingEntity', { name: 'FK_drills_sighting', onDelete: 'SET NULL' })
  @Column({ name: 'sighting_id', type: 'uuid', nullable: true })
  sightingId: string | null;

  @ForeignKey('UserEntity', { name: 'FK_drills_started_by', onDelete: 'SET NULL' })
  @Column({ name: 'started_by', type: 'uuid', nullable: true })
  startedBy: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  /** What the simulated caller said: practice text, never about real people. */
  @Column({ type: 'text', default: '' })
  scenario: string;

  /** The report, frozen when the drill ended. */
  @Column({ type: 'jsonb', nullable: true })
  report: DrillReport | null;
}
