import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Plaintext from before sealing existed, sealed into place at the next start and then deleted. */
@Entity({ name: 'legacy_plaintext' })
export class LegacyPlaintextEntity {
  @PrimaryColumn({ name: 'table_name', type: 'text', primaryKeyConstraintName: 'PK_legacy_plaintext' })
  tableName: string;

  @PrimaryColumn({ name: 'row_id', type: 'uuid', primaryKeyConstraintName: 'PK_legacy_plaintext' })
  rowId: string;

  @PrimaryColumn({ name: 'column_name', type: 'text', primaryKeyConstraintName: 'PK_legacy_plaintext' })
  columnName: string;

  @Column({ type: 'text' })
  value: string;
}

/**
 * What is left of an incident once its record is purged: no place, no text, no people — its outcome, when, the
 * zones, how many reports through which channels, and how fast the network responded. The network's numbers.
 */
@Entity({ name: 'incident_digests' })
@Index('IDX_incident_digests_opened_at', ['openedAt'])
export class IncidentDigestEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_incident_digests' })
  id: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'left_live_at', type: 'timestamptz', nullable: true })
  leftLiveAt: Date | null;

  @Column({ type: 'text' })
  outcome: string;

  @Column({ type: 'boolean' })
  confirmed: boolean;

  /** A practice run (community alerts' drills): left out of the numbers. */
  @Column({ type: 'boolean', default: false })
  drill: boolean;

  @Column({ name: 'zone_ids', type: 'uuid', array: true })
  zoneIds: string[];

  @Column({ type: 'int' })
  sightings: number;

  @Column({ type: 'jsonb' })
  channels: Record<string, number>;

  @Column({ name: 'first_ping_seconds', type: 'double precision', nullable: true })
  firstPingSeconds: number | null;

  @Column({ name: 'first_accept_seconds', type: 'double precision', nullable: true })
  firstAcceptSeconds: number | null;

  @Column({ name: 'on_scene_seconds', type: 'double precision', nullable: true })
  onSceneSeconds: number | null;

  @Column({ name: 'purged_at', type: 'timestamptz' })
  purgedAt: Date;
}
