import type { Activity, Agency, Channel } from '@centinela/contracts';
import type { Point } from 'geojson';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One report of agents seen somewhere, with SALUTE details. `observed_at` is when it was seen, not reported. */
@Entity('sightings')
@Check('CHK_sightings_channel', `"channel" IN ('hotline-call', 'sms', 'whatsapp', 'telegram', 'web', 'responder', 'other')`)
export class SightingEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_sightings' })
  id: string;

  @Index('IDX_sightings_location', { spatial: true })
  @Column({ type: 'geometry', spatialFeatureType: 'Point', srid: 4326 })
  location: Point;

  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt: Date;

  @Index('IDX_sightings_reported_at')
  @CreateDateColumn({ name: 'reported_at', type: 'timestamptz' })
  reportedAt: Date;

  /** The incident this sighting reports (one event, many reports). */
  @Index('IDX_sightings_incident')
  @ForeignKey('IncidentEntity', { name: 'FK_sightings_incident', onDelete: 'CASCADE' })
  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  /** Reported by someone on scene confirming the incident: its location follows the latest of these. */
  @Column({ type: 'boolean', default: false })
  confirms: boolean;

  @Column({ type: 'text' })
  channel: Channel;

  @Column({ type: 'int', nullable: true })
  agents: number | null;

  @Column({ type: 'int', nullable: true })
  vehicles: number | null;

  @Column({ type: 'text', default: 'other' })
  activity: Activity;

  /** Sealed (encrypted) free text, as are uniform, equipment and notes: they may name or locate people. */
  @Column({ name: 'location_description', type: 'bytea', nullable: true })
  locationDescription: Buffer | null;

  @Column({ type: 'text', default: 'unknown' })
  agency: Agency;

  @Column({ type: 'bytea', nullable: true })
  uniform: Buffer | null;

  @Column({ type: 'bytea', nullable: true })
  equipment: Buffer | null;

  @Column({ type: 'bytea', nullable: true })
  notes: Buffer | null;

  /** The key the sealed columns of this row are encrypted under (see KeyRing); null when nothing is sealed. */
  @Column({ name: 'sealed_key', type: 'text', nullable: true })
  sealedKey: string | null;

  /** The zones that covered the point when it was reported. */
  @Column({ name: 'zone_ids', type: 'uuid', array: true, default: () => "'{}'" })
  zoneIds: string[];

  /** The dispatcher who logged it; null for public reports. */
  @ForeignKey('UserEntity', { name: 'FK_sightings_reported_by', onDelete: 'SET NULL' })
  @Column({ name: 'reported_by', type: 'uuid', nullable: true })
  reportedBy: string | null;
}
