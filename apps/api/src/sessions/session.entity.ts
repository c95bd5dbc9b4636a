import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A signed-in device: created at sign-in, deleted at sign-out or when a coordinator ends the person's access, purged
 * once past `expires_at` (SESSION_MAX_HOURS after sign-in). An access token names its session; refreshing needs the row.
 * Nothing about the device (no address, no user agent).
 */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_sessions' })
  id: string;

  @Index('IDX_sessions_user_id')
  @ForeignKey('UserEntity', { name: 'FK_sessions_user', onDelete: 'CASCADE' })
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Index('IDX_sessions_expires_at')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
