import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A fixed-window counter (public reports per client, in total…), shared by every API process. */
@Entity({ name: 'rate_limits' })
@Index('IDX_rate_limits_window_ends_at', ['windowEndsAt'])
export class RateLimitEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_rate_limits' })
  bucket: string;

  @Column({ type: 'int' })
  count: number;

  @Column({ name: 'window_ends_at', type: 'timestamptz' })
  windowEndsAt: Date;
}

/** Failed sign-ins of a (username, client) or a client, and until when the next attempt must wait. */
@Entity({ name: 'login_throttle' })
@Index('IDX_login_throttle_updated_at', ['updatedAt'])
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_login_throttle' })
  bucket: string;

  @Column({ type: 'int' })
  failures: number;

  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true })
  blockedUntil: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
