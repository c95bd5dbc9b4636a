import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An organization that provides services callers are referred to (HSDS `organization`). */
@Entity('referral_organizations')
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_referral_organizations' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'alternate_name', type: 'text', default: '' })
  alternateName: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text', default: '' })
  email: string;

  @Column({ type: 'text', default: '' })
  website: string;

  @Column({ type: 'text', default: '' })
  phone: string;

  /** Staff-only notes from families' experience with them; never exported. */
  @Column({ name: 'trust_notes', type: 'text', default: '' })
  trustNotes: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
