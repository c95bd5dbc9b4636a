import type { Capability, TravelMode } from '@centinela/contracts';
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A responder's profile: the alias others see, what they can do, how they travel, and whether they are on duty. */
@Entity('responders')
// Unique on lower(alias): an expression index, written in the migration (TypeORM cannot describe it).
@Index('UQ_responders_alias', { synchronize: false })
@Check('CHK_responders_travel_mode', `"travel_mode" IN ('walk', 'bike', 'car', 'transit')`)
export class ResponderEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_responders' })
  id: string;

  @Index('UQ_responders_user', { unique: true })
  @ForeignKey('UserEntity', { name: 'FK_responders_user', onDelete: 'CASCADE' })
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  alias: string;

  @Column({ type: 'text', array: true, default: () => "'{verifier}'" })
  capabilities: Capability[];

  /** BCP 47 tags of the languages they speak. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ name: 'travel_mode', type: 'text', default: 'walk' })
  travelMode: TravelMode;

  @Index('IDX_responders_on_duty', { where: '"on_duty"' })
  @Column({ name: 'on_duty', type: 'boolean', default: false })
  onDuty: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
