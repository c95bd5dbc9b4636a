import type { PingStatus } from '@centinela/contracts';
import { Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * Every answer a responder gave to a ping, in order: the record of who said what when, and the
 * idempotency ledger that makes a retried answer (sent again from an offline queue) count once.
 */
@Entity('ping_answers')
@Unique('UQ_ping_answers_idempotency', ['pingId', 'idempotencyKey'])
export class PingAnswerEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_ping_answers' })
  id: string;

  @ForeignKey('PingEntity', { name: 'FK_ping_answers_ping', onDelete: 'CASCADE' })
  @Column({ name: 'ping_id', type: 'uuid' })
  pingId: string;

  @Column({ type: 'text' })
  status: PingStatus;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'arrival_at', type: 'timestamptz', nullable: true })
  arrivalAt: Date | null;

  @Column({ name: 'answered_at', type: 'timestamptz' })
  answeredAt: Date;
}
