import type { DailyLogKind } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { isoTimestamp } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';

/** The names of an incident's zones, from its sightings (needs `i` for the incident). */
const ZONES_OF_INCIDENT = `coalesce((SELECT string_agg(DISTINCT zn.name, ', ') FROM sightings s2, unnest(s2.zone_ids) z JOIN zones zn ON zn.id = z
                                   WHERE s2.incident_id = i.id), '')`;

/** One line of the log before it is put in words: what the SQL knows, with sealed text already opened. */
export type DailyLogRow = {
  at: string;
  kind: DailyLogKind;
  incident: string;
  channel: string;
  zones: string;
  actor: string;
  parts: Record<string, unknown>;
  drill: boolean;
};

/**
 * Everything that happened between two instants, in order: each call and report (sighting), each incident
 * opened, status change and verdict, dispatch, the answers to its pings, and referrals. The log carries no free
 * text at all: a sighting is its activity, agency, size and zones (never its place description or notes), a status
 * change or verdict is from → to (never its reason, note or other-agency text). Only closed-vocabulary fields are
 * taken out of the log's detail, so free text added to it later cannot reach the log either.
 */
@Injectable()
export class DailyLogRepository {
  /** Midnight to midnight of a calendar day in a time zone (23 or 25 hours long on the days clocks change). */
  async dayBounds(db: Db, date: string, timeZone: string): Promise<{ from: Date; to: Date }> {
    const [row] = await db.query<{ from: Date; to: Date }>(
      `SELECT ($1::date)::timestamp AT TIME ZONE $2 AS "from", ($1::date + 1)::timestamp AT TIME ZONE $2 AS "to"`,
      [date, timeZone],
    );
    return row!;
  }

  entries(db: Db, from: Date, to: Date): Promise<DailyLogRow[]> {
    return db.query<DailyLogRow>(
      `SELECT ${isoTimestamp('e.at')} AS at, e.kind, left(e.incident::text, 8) AS incident, e.channel, e.zones, e.actor, e.parts, e.drill FROM (
         SELECT s.reported_at AS at, 'sighting' AS kind, s.incident_id AS incident, s.channel,
                coalesce((SELECT string_agg(zn.name, ', ' ORDER BY zn.name) FROM zones zn WHERE zn.id = ANY (s.zone_ids)), '') AS zones,
                CASE WHEN s.reported_by IS NULL THEN 'public report' ELSE coalesce(u.username, '') END AS actor,
                json_build_object('activity', s.activity, 'agency', s.agency, 'agents', s.agents, 'vehicles', s.vehicles) AS parts, i.drill
           FROM sightings s JOIN incidents i ON i.id = s.incident_id LEFT JOIN users u ON u.id = s.reported_by
          WHERE s.reported_at >= $1 AND s.reported_at < $2
         UNION ALL
         SELECT i.opened_at, 'incident', i.id, '', ${ZONES_OF_INCIDENT}, '', '{}'::json, i.drill
           FROM incidents i WHERE i.opened_at >= $1 AND i.opened_at < $2
         UNION ALL
         SELECT l.at, l.kind, l.incident_id, '', ${ZONES_OF_INCIDENT}, l.actor, json_build_object('from', l.detail->'from', 'to', l.detail->'to', 'organization', l.detail->'organization',
                                                                       'service', l.detail->'service'), i.drill
           FROM incident_log l JOIN incidents i ON i.id = l.incident_id
          WHERE l.at >= $1 AND l.at < $2 AND l.kind IN ('status', 'verdict', 'referral', 'merged')
         UNION ALL
         SELECT d.created_at, 'dispatch', d.incident_id, '', ${ZONES_OF_INCIDENT}, coalesce(u.username, 'automatic'),
                json_build_object('needs', d.needs), i.drill
           FROM dispatches d JOIN incidents i ON i.id = d.incident_id LEFT JOIN users u ON u.id = d.created_by
          WHERE d.created_at >= $1 AND d.created_at < $2
         UNION ALL
         SELECT max(coalesce(p.responded_at, p.created_at)), 'pings', d.incident_id, '', ${ZONES_OF_INCIDENT}, '',
                json_build_object('pinged', count(*), 'accepted', count(*) FILTER (WHERE p.status IN ('accepted', 'en_route', 'on_scene', 'done')),
                                  'onScene', count(*) FILTER (WHERE p.status IN ('on_scene', 'done')), 'declined', count(*) FILTER (WHERE p.status = 'declined')),
                i.drill
           FROM dispatches d JOIN incidents i ON i.id = d.incident_id JOIN pings p ON p.dispatch_id = d.id
          WHERE d.created_at >= $1 AND d.created_at < $2
          GROUP BY d.id, d.incident_id, i.id, i.drill
       ) e ORDER BY e.at, e.kind, e.incident`,
      [from, to],
    );
  }
}
