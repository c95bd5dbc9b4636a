import type { Outcome } from '@centinela/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per incident with what the network's numbers need, computed in SQL from its record (sightings,
 * dispatches, pings, answers, log) and refreshed every minute. It holds no place, no text and no person:
 * outcome, times, zones and channel counts. It has no foreign key on purpose — when an incident is purged,
 * its facts stay, so the numbers still count it (this is the de-identified digest).
 */
@Entity('incident_facts')
@Index('IDX_incident_facts_local_date', ['localDate'])
export class IncidentFactEntity {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid', primaryKeyConstraintName: 'PK_incident_facts' })
  incidentId: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  /** A practice run: never counted in the numbers. */
  @Column({ type: 'boolean', default: false })
  drill: boolean;

  @Column({ type: 'text' })
  outcome: Outcome;

  @Column({ name: 'zone_ids', type: 'uuid', array: true, default: () => "'{}'" })
  zoneIds: string[];

  @Column({ name: 'first_reported_at', type: 'timestamptz' })
  firstReportedAt: Date;

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

  /** The earliest response window of its dispatches (observed + RESPONSE_WINDOW_MINUTES); null if never dispatched. */
  @Column({ name: 'window_ends_at', type: 'timestamptz', nullable: true })
  windowEndsAt: Date | null;

  @Column({ name: 'first_ping_at', type: 'timestamptz', nullable: true })
  firstPingAt: Date | null;

  @Column({ name: 'first_accept_at', type: 'timestamptz', nullable: true })
  firstAcceptAt: Date | null;

  @Column({ name: 'on_scene_at', type: 'timestamptz', nullable: true })
  onSceneAt: Date | null;

  /** The incident's version when these facts were computed: a newer version means they are due again. */
  @Column({ type: 'int', default: 0 })
  version: number;

  @Column({ name: 'refreshed_at', type: 'timestamptz' })
  refreshedAt: Date;
}
