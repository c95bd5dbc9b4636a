import type { Role } from '@centinela/contracts';
import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A sign-in account. Usernames are chosen handles, never real names; they are stored lower-case. */
@Entity('users')
@Unique('UQ_users_username', ['username'])
@Check('CHK_users_role', `"role" IN ('coordinator', 'dispatcher', 'responder')`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_users' })
  id: string;

  @Column({ type: 'text' })
  username: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ type: 'text' })
  role: Role;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Set when a coordinator ended this person's access: sign-in fails like a wrong password until re-enabled. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /**
   * Set when the account was deleted: the row stays as a tombstone (username `former-<id>`, no password, sign-in
   * disabled) so what the record says they did still resolves, and everything else about the person is gone.
   */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
