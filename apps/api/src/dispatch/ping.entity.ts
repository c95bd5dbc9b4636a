import type { Capability, PingStatus } from '@centinela/contracts';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A request to one responder to go, as part of one dispatch, and their latest answer. Never twice per dispatch. */
@Entity('pings')
@Unique('UQ_pings_dispatch_responder', ['dispatchId', 'responderId'])
@Index('IDX_pings_responder_created', ['responderId', 'createdAt'])
@Index('IDX_pings_unnotified', ['createdAt'], { where: '"notified_at" IS NULL' })
@Check('CHK_pings_status', `"status" IN ('pending', 'accepted', 'declined', 'en_route', 'on_scene', 'done', 'covered', 'cancelled')`)
export class PingEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_pings' })
  id: string;

  @ForeignKey('DispatchEntity', { name: 'FK_pings_dispatch', onDelete: 'CASCADE' })
  @Column({ name: 'dispatch_id', type: 'uuid' })
  dispatchId: string;

  @Index('IDX_pings_sighting')
  @ForeignKey('SightingEntity', { name: 'FK_pings_sighting', onDelete: 'CASCADE' })
  @Column({ name: 'sighting_id', type: 'uuid' })
  sightingId: string;

  @ForeignKey('ResponderEntity', { name: 'FK_pings_responder', onDelete: 'CASCADE' })
  @Column({ name: 'responder_id', type: 'uuid' })
  responderId: string;

  /** The need this responder was asked to fill. */
  @Column({ type: 'text', default: 'verifier' })
  capability: Capability;

  @Column({ type: 'int', default: 1 })
  wave: number;

  @Column({ type: 'text', default: 'pending' })
  status: PingStatus;

  /** Straight-line distance and estimated travel time when pinged, if the responder shared a location. */
  @Column({ name: 'distance_m', type: 'double precision', nullable: true })
  distanceM: number | null;

  @Column({ name: 'eta_seconds', type: 'double precision', nullable: true })
  etaSeconds: number | null;

  /** When the responder expects to arrive, from their answer. */
  @Column({ name: 'arrival_at', type: 'timestamptz', nullable: true })
  arrivalAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  /** When the ping went out to the responder's sockets and push; null until then (the outbox re-sends those). */
  @Column({ name: 'notified_at', type: 'timestamptz', nullable: true })
  notifiedAt: Date | null;

  /** The process that sends it (ClusterChannel.instance); the outbox takes over only once that process is gone. */
  @Column({ type: 'int', nullable: true })
  sender: number | null;
}
