import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * How one responder answered the pings of one incident, with the incident's day, zones and drill flag copied
 * from its facts, so answer rates need no join over every ping. Unlike the incident's facts these go with the
 * incident when it is purged: they name a responder.
 */
@Entity('responder_facts')
@Index('IDX_responder_facts_local_date', ['localDate'])
export class ResponderFactEntity {
  @ForeignKey('IncidentEntity', { name: 'FK_responder_facts_incident', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'incident_id', type: 'uuid', primaryKeyConstraintName: 'PK_responder_facts' })
  incidentId: string;

  @ForeignKey('ResponderEntity', { name: 'FK_responder_facts_responder', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'responder_id', type: 'uuid', primaryKeyConstraintName: 'PK_responder_facts' })
  responderId: string;

  @Column({ name: 'local_date', type: 'date' })
  localDate: string;

  @Column({ name: 'zone_ids', type: 'uuid', array: true, default: () => "'{}'" })
  zoneIds: string[];

  @Column({ type: 'boolean', default: false })
  drill: boolean;

  @Column({ type: 'smallint', default: 0 })
  pinged: number;

  @Column({ type: 'smallint', default: 0 })
  answered: number;

  @Column({ type: 'smallint', default: 0 })
  accepted: number;

  @Column({ type: 'smallint', default: 0 })
  declined: number;

  @Column({ name: 'on_scene', type: 'smallint', default: 0 })
  onScene: number;
}
