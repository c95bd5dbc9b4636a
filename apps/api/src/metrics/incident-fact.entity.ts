import type { Outcome } from '@centinela/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per incident with what the network's numbers need, computed in SQL from its record (sightings,
 * dispatches, pings, answers, log) and refreshed every minute. It holds no place, no text, no person and no exact
 * time: outcome, the local day and hour, zones, channel counts and durations in whole seconds. It has no foreign key
 * on purpose — when an incident is purged, its facts stay under a fresh random id, so the numbers still count it
 * (this is the de-identified digest) and nothing else can be joined to it.
 */
@Entity('incident_facts')
@Index('IDX_incident_facts_local_date', ['localDate'])
export class IncidentFactEntity {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid', primaryKeyConstraintName: 'PK_incident_facts' })
  incidentId: string;

  /** A practice run: never counted in the numbers. */
  @Column({ type: 'boolean', default: false })
  drill: boolean;

  @Column({ type: 'text' })
  outcome: Outcome;

  @Column({ name: 'zone_ids', type: 'uuid', array: true, default: () => "'{}'" })
  zoneIds: string[];

  /** The first report's calendar day, ISO weekday (1 = Monday) and hour in the network's time zone (`time_zone`). */
  @Column({ name: 'local_date', type: 'date' })
  localDate: string;

  @Column({ name: 'local_dow', type: 'smallint' })
  localDow: number;

  @Column({ name: 'local_hour', type: 'smallint' })
  localHour: number;

  /** The zone the local fields were computed in: facts of another zone are recomputed. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ name: 'hotline_calls', type: 'int', default: 0 })
  hotlineCalls: number;

  @Column({ type: 'int', default: 0 })
  sms: number;

  @Column({ type: 'int', default: 0 })
  whatsapp: number;

  @Column({ type: 'int', default: 0 })
  telegram: number;

  @Column({ type: 'int', default: 0 })
  web: number;

  @Column({ type: 'int', default: 0 })
  responder: number;

  @Column({ type: 'int', default: 0 })
  other: number;

  /** Whether it was ever dispatched, and whether someone was on scene before the earliest response window ended. */
  @Column({ type: 'boolean', default: false })
  dispatched: boolean;

  @Column({ name: 'on_time', type: 'boolean', default: false })
  onTime: boolean;

  /** Seconds (whole) from the first report to the first ping, the first accept and the first on scene. */
  @Column({ name: 'first_ping_seconds', type: 'int', nullable: true })
  firstPingSeconds: number | null;

  @Column({ name: 'first_accept_seconds', type: 'int', nullable: true })
  firstAcceptSeconds: number | null;

  @Column({ name: 'on_scene_seconds', type: 'int', nullable: true })
  onSceneSeconds: number | null;

  /** The incident's version when these facts were computed: a newer version means they are due again. */
  @Column({ type: 'int', default: 0 })
  version: number;

  /** The hour of the last refresh (no finer: a purged incident's last refresh would date its last change). */
  @Column({ name: 'refreshed_at', type: 'timestamptz' })
  refreshedAt: Date;
}
