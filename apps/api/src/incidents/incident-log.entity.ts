import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What people did to an incident, append-only: status changes and why, notes, claims, merges and
 * splits, media, witnesses, debriefs, follow-ups, exports. With sightings, pings and answers it makes
 * the incident's timeline. `actor` keeps the handle or alias as it was at the time.
 */
@Entity('incident_log')
@Index('IDX_incident_log_incident_at', ['incidentId', 'at'])
export class IncidentLogEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_incident_log' })
  id: string;

  @ForeignKey('IncidentEntity', { name: 'FK_incident_log_incident', onDelete: 'CASCADE' })
  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @ForeignKey('UserEntity', { name: 'FK_incident_log_user', onDelete: 'SET NULL' })
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  kind: string;

  /** Structured detail; its free-text values (a note, a reason) are sealed in place as `{ "$sealed": … }`. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail: Record<string, unknown>;

  /** The key the sealed columns of this row are encrypted under (see KeyRing); null when nothing is sealed. */
  @Column({ name: 'sealed_key', type: 'text', nullable: true })
  sealedKey: string | null;
}
