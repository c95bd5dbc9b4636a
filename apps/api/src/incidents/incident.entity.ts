import type { IncidentStatus } from '@centinela/contracts';
import type { Point } from 'geojson';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One event that one or more sightings report: what gets verified, dispatched and documented.
 * Its location is the latest confirming sighting's (else the latest sighting's). `version` guards
 * concurrent edits; a claim says which dispatcher is handling it.
 */
@Entity('incidents')
@Check('CHK_incidents_status', `"status" IN ('reported', 'verifying', 'confirmed', 'other_agency', 'false_alarm', 'unverifiable', 'resolved')`)
@Index('IDX_incidents_live', ['lastObservedAt'], { where: '"expired_at" IS NULL AND "resolved_at" IS NULL AND "merged_into" IS NULL' })
export class IncidentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_incidents' })
  id: string;

  @Column({ type: 'text', default: 'reported' })
  status: IncidentStatus;

  /** Which agency it turned out to be, when real but not immigration enforcement: free text (may name people), sealed. */
  @Column({ name: 'other_agency', type: 'bytea', nullable: true })
  otherAgency: Buffer | null;

  @Index('IDX_incidents_location', { spatial: true })
  @Column({ type: 'geometry', spatialFeatureType: 'Point', srid: 4326 })
  location: Point;

  @CreateDateColumn({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  /** When its newest sighting was observed: new sightings join within the grouping window of this. */
  @Column({ name: 'last_observed_at', type: 'timestamptz' })
  lastObservedAt: Date;

  @Column({ type: 'int', default: 1 })
  version: number;

  @ForeignKey('UserEntity', { name: 'FK_incidents_claimed_by', onDelete: 'SET NULL' })
  @Column({ name: 'claimed_by', type: 'uuid', nullable: true })
  claimedBy: string | null;

  /** The claimer's last action on it; the claim lapses after CLAIM_IDLE_MINUTES without one. */
  @Column({ name: 'claim_active_at', type: 'timestamptz', nullable: true })
  claimActiveAt: Date | null;

  /** Sealed (encrypted) free text. */
  @Column({ type: 'bytea', nullable: true })
  debrief: Buffer | null;

  /** The key the sealed columns of this row are encrypted under (see KeyRing); null when nothing is sealed. */
  @Column({ name: 'sealed_key', type: 'text', nullable: true })
  sealedKey: string | null;

  /** When it was (last) confirmed: the public map shows it only a while after this. */
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true })
  expiredAt: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /** A practice run (issue 11 sets it): shown and logged like any incident, never counted in the numbers. */
  @Column({ type: 'boolean', default: false })
  drill: boolean;

  @ForeignKey('IncidentEntity', { name: 'FK_incidents_merged_into', onDelete: 'SET NULL' })
  @Column({ name: 'merged_into', type: 'uuid', nullable: true })
  mergedInto: string | null;
}
