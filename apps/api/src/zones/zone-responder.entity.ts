import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A responder assigned to a zone. The primary key (zone first) also serves lookups by zone. */
@Entity('zone_responders')
@Index('IDX_zone_responders_responder', ['responderId'])
export class ZoneResponderEntity {
  @ForeignKey('ZoneEntity', { name: 'FK_zone_responders_zone', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'zone_id', type: 'uuid', primaryKeyConstraintName: 'PK_zone_responders' })
  zoneId: string;

  @ForeignKey('ResponderEntity', { name: 'FK_zone_responders_responder', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'responder_id', type: 'uuid', primaryKeyConstraintName: 'PK_zone_responders' })
  responderId: string;
}
