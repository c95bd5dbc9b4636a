import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * "Referred to X" in an incident's record. Names are kept as they were at the time, so the record stays
 * readable if the directory entry changes or goes; the follow-up checks the family reached them.
 */
@Entity('incident_referrals')
export class IncidentReferralEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_incident_referrals' })
  id: string;

  @Index('IDX_incident_referrals_incident')
  @ForeignKey('IncidentEntity', { name: 'FK_incident_referrals_incident', onDelete: 'CASCADE' })
  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @ForeignKey('ReferralServiceEntity', { name: 'FK_incident_referrals_service', onDelete: 'SET NULL' })
  @Column({ name: 'service_id', type: 'uuid', nullable: true })
  serviceId: string | null;

  @Column({ name: 'organization_name', type: 'text' })
  organizationName: string;

  @Column({ name: 'service_name', type: 'text' })
  serviceName: string;

  @Column({ type: 'text', default: '' })
  phone: string;

  /** Sealed (encrypted): it may name the family. */
  @Column({ type: 'bytea', nullable: true })
  note: Buffer | null;

  /** The key the note is sealed under (see KeyRing); null when there is no note. */
  @Column({ name: 'sealed_key', type: 'text', nullable: true })
  sealedKey: string | null;

  @ForeignKey('FollowUpEntity', { name: 'FK_incident_referrals_follow_up', onDelete: 'SET NULL' })
  @Column({ name: 'follow_up_id', type: 'uuid', nullable: true })
  followUpId: string | null;

  @ForeignKey('UserEntity', { name: 'FK_incident_referrals_referred_by', onDelete: 'SET NULL' })
  @Column({ name: 'referred_by', type: 'uuid', nullable: true })
  referredBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
