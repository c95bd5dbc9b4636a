import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A request sent with an `Idempotency-Key`, and the response it got: a retry with the same key and body gets
 * that response again and changes nothing. Kept 24 hours. `response` is sealed (it may echo personal data).
 */
@Entity({ name: 'idempotency_keys' })
@Index('IDX_idempotency_keys_created_at', ['createdAt'])
export class IdempotencyKeyEntity {
  /** Who sent it: a user id, or "public" for routes without sign-in. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_idempotency_keys' })
  scope: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_idempotency_keys' })
  key: string;

  /** SHA-256 of the method, path and body: the same key with another request is refused. */
  @Column({ type: 'text' })
  fingerprint: string;

  /** pending (running), applied (its work committed, the response not yet recorded), done. */
  @Column({ type: 'text' })
  state: string;

  /** The request currently allowed to do the work. */
  @Column({ type: 'uuid' })
  owner: string;

  @Column({ name: 'lease_until', type: 'timestamptz' })
  leaseUntil: Date;

  @Column({ type: 'int', nullable: true })
  status: number | null;

  @Column({ type: 'bytea', nullable: true })
  response: Buffer | null;

  @Column({ name: 'sealed_key', type: 'text', nullable: true })
  sealedKey: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
