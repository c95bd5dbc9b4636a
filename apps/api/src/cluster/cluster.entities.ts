import { Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** How many committed changes each cached topic has seen; every process compares its cache against it. */
@Entity({ name: 'cluster_versions' })
export class ClusterVersionEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_cluster_versions' })
  topic: string;

  @Column({ type: 'bigint', default: 0 })
  version: string;
}

/**
 * Where on-duty responders who share their location are now: one row each, UNLOGGED (never in the WAL), the
 * position sealed under the day's transport key, forgotten LOCATION_TTL_MINUTES after the last update.
 */
@Entity({ name: 'live_locations' })
export class LiveLocationEntity {
  @ForeignKey('ResponderEntity', { name: 'FK_live_locations_responder', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'responder_id', type: 'uuid', primaryKeyConstraintName: 'PK_live_locations' })
  responderId: string;

  @Column({ type: 'bytea' })
  sealed: Buffer;

  @Column({ name: 'sealed_key', type: 'text' })
  sealedKey: string;

  @Index('IDX_live_locations_updated_at')
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** socket.io messages too large for NOTIFY, sealed, kept 30 seconds (UNLOGGED). */
@Entity({ name: 'socket_io_attachments' })
export class SocketIoAttachmentEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_socket_io_attachments' })
  id: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'bytea' })
  payload: Buffer;
}
