import type { Capability, TravelMode } from '@centinela/contracts';
import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A single-use invitation to become a responder, with the profile the coordinator prepared.
 * Only the SHA-256 of its token is kept; the token itself is shown once, in the link.
 */
@Entity('invites')
@Unique('UQ_invites_token_hash', ['tokenHash'])
export class InviteEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_invites' })
  id: string;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ type: 'text' })
  alias: string;

  @Column({ type: 'text', array: true })
  capabilities: Capability[];

  @Column({ type: 'text', array: true })
  languages: string[];

  @Column({ name: 'travel_mode', type: 'text' })
  travelMode: TravelMode;

  @Column({ name: 'zone_ids', type: 'uuid', array: true })
  zoneIds: string[];

  @ForeignKey('UserEntity', { name: 'FK_invites_created_by', onDelete: 'SET NULL' })
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @ForeignKey('ResponderEntity', { name: 'FK_invites_responder', onDelete: 'SET NULL' })
  @Column({ name: 'responder_id', type: 'uuid', nullable: true })
  responderId: string | null;
}
