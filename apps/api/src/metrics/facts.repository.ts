import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

/**
 * Keeps `incident_facts` computed from the record. One statement recomputes the facts of the incidents given:
 * the outcome (a resolved incident keeps the verdict it was resolved from), its zones, when it was first
 * reported (its local day and hour), channel counts, whether it was dispatched and someone was on scene before the
 * earliest response window ended, and the whole seconds from the first report to the first ping, accept and on scene.
 * Merged-away incidents lose their facts (their sightings count in the incident they joined).
 */
@Injectable()
export class FactsRepository {
  async refresh(db: Db, ids: readonly string[], now: Date, timeZone: string): Promise<number> {
    if (ids.length === 0) return 0;
    await db.query(`DELETE FROM incident_facts f USING incidents i WHERE f.incident_id = i.id AND i.id = ANY($1::uuid[]) AND i.merged_into IS NOT NULL`, [ids]);
    const rows = await db.query(
      `INSERT INTO incident_facts (incident_id, drill, outcome, zone_ids, local_date, local_dow, local_hour, time_zone, hotline_calls, sms, whatsapp, telegram, web, responder, other,
                                   dispatched, on_time, first_ping_seconds, first_accept_seconds, on_scene_seconds, version, refreshed_at)
       SELECT i.id, i.drill,
              CASE WHEN i.status IN ('confirmed', 'other_agency', 'false_alarm', 'unverifiable') THEN i.status
                   WHEN i.status = 'resolved' THEN coalesce((SELECT l.detail->>'from' FROM incident_log l
                                                               WHERE l.incident_id = i.id AND l.kind = 'status' AND l.detail->>'to' = 'resolved'
                                                               ORDER BY l.at DESC LIMIT 1), 'confirmed')
                   ELSE 'none' END,
              (SELECT coalesce(array_agg(DISTINCT z ORDER BY z), '{}') FROM sightings s, unnest(s.zone_ids) z WHERE s.incident_id = i.id),
              (r.at AT TIME ZONE $3)::date, extract(isodow FROM r.at AT TIME ZONE $3), extract(hour FROM r.at AT TIME ZONE $3), $3,
              s.calls, s.sms, s.whatsapp, s.telegram, s.web, s.responder, s.other,
              d.window_ends_at IS NOT NULL, coalesce(a.on_scene_at <= d.window_ends_at, false), round(extract(epoch FROM d.first_ping_at - r.at)),
              round(extract(epoch FROM a.first_accept_at - r.at)), round(extract(epoch FROM a.on_scene_at - r.at)), i.version, date_trunc('hour', $2::timestamptz)
         FROM incidents i
        CROSS JOIN LATERAL (
          SELECT min(reported_at) AS first_reported_at,
                 count(*) FILTER (WHERE channel = 'hotline-call')::int AS calls, count(*) FILTER (WHERE channel = 'sms')::int AS sms,
                 count(*) FILTER (WHERE channel = 'whatsapp')::int AS whatsapp, count(*) FILTER (WHERE channel = 'telegram')::int AS telegram,
                 count(*) FILTER (WHERE channel = 'web')::int AS web, count(*) FILTER (WHERE channel = 'responder')::int AS responder,
                 count(*) FILTER (WHERE channel = 'other')::int AS other
            FROM sightings WHERE incident_id = i.id) s
        CROSS JOIN LATERAL (
          SELECT min(dd.window_ends_at) AS window_ends_at, min(p.created_at) AS first_ping_at
            FROM dispatches dd LEFT JOIN pings p ON p.dispatch_id = dd.id WHERE dd.incident_id = i.id) d
        CROSS JOIN LATERAL (
          SELECT min(pa.answered_at) FILTER (WHERE pa.status IN ('accepted', 'en_route', 'on_scene', 'done')) AS first_accept_at,
                 min(pa.answered_at) FILTER (WHERE pa.status IN ('on_scene', 'done')) AS on_scene_at
            FROM dispatches dd JOIN pings p ON p.dispatch_id = dd.id JOIN ping_answers pa ON pa.ping_id = p.id WHERE dd.incident_id = i.id) a
        CROSS JOIN LATERAL (SELECT coalesce(s.first_reported_at, i.opened_at) AS at) r
        WHERE i.id = ANY($1::uuid[]) AND i.merged_into IS NULL
       ON CONFLICT (incident_id) DO UPDATE SET
         drill = EXCLUDED.drill, outcome = EXCLUDED.outcome, zone_ids = EXCLUDED.zone_ids,
         local_date = EXCLUDED.local_date, local_dow = EXCLUDED.local_dow, local_hour = EXCLUDED.local_hour,
         time_zone = EXCLUDED.time_zone, hotline_calls = EXCLUDED.hotline_calls, sms = EXCLUDED.sms, whatsapp = EXCLUDED.whatsapp, telegram = EXCLUDED.telegram, web = EXCLUDED.web,
         responder = EXCLUDED.responder, other = EXCLUDED.other, dispatched = EXCLUDED.dispatched, on_time = EXCLUDED.on_time,
         first_ping_seconds = EXCLUDED.first_ping_seconds, first_accept_seconds = EXCLUDED.first_accept_seconds, on_scene_seconds = EXCLUDED.on_scene_seconds,
         version = EXCLUDED.version, refreshed_at = EXCLUDED.refreshed_at
       RETURNING incident_id`,
      [ids, now, timeZone],
    );
    await db.query('DELETE FROM responder_facts WHERE incident_id = ANY($1::uuid[])', [ids]);
    await db.query(
      `INSERT INTO responder_facts (incident_id, responder_id, local_date, zone_ids, drill, pinged, answered, accepted, declined, on_scene)
       SELECT f.incident_id, p.responder_id, f.local_date, f.zone_ids, f.drill, count(*), count(p.responded_at),
              count(*) FILTER (WHERE p.status IN ('accepted', 'en_route', 'on_scene', 'done')), count(*) FILTER (WHERE p.status = 'declined'),
              count(*) FILTER (WHERE p.status IN ('on_scene', 'done'))
         FROM incident_facts f JOIN dispatches d ON d.incident_id = f.incident_id JOIN pings p ON p.dispatch_id = d.id
        WHERE f.incident_id = ANY($1::uuid[])
        GROUP BY f.incident_id, p.responder_id, f.local_date, f.zone_ids, f.drill
       ON CONFLICT (incident_id, responder_id) DO UPDATE SET
         local_date = EXCLUDED.local_date, zone_ids = EXCLUDED.zone_ids, drill = EXCLUDED.drill, pinged = EXCLUDED.pinged,
         answered = EXCLUDED.answered, accepted = EXCLUDED.accepted, declined = EXCLUDED.declined, on_scene = EXCLUDED.on_scene`,
      [ids],
    );
    return rows.length;
  }

  /**
   * Incidents whose facts are missing, older than the incident (a status change, a merge), or computed in another
   * time zone than the network's now; up to `limit`.
   */
  async stale(db: Db, limit: number, timeZone: string): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      `SELECT i.id FROM incidents i LEFT JOIN incident_facts f ON f.incident_id = i.id
        WHERE (f.incident_id IS NULL AND i.merged_into IS NULL)
           OR (f.incident_id IS NOT NULL AND (f.version <> i.version OR i.merged_into IS NOT NULL OR f.time_zone <> $2))
        LIMIT $1`,
      [limit, timeZone],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The lead's de-identified digests of purged incidents, as facts, for incidents that have none (purged before
   * the facts existed, or before their first refresh). Facts outlive purges (under the digest's fresh id), so usually
   * this adds nothing. A digest's purge time is kept to the hour, so `since` is taken to its hour too.
   * A digest knows durations from the incident's opening and no response window: the window is taken from the
   * opening too (`windowSeconds`), so "on scene in time" is approximate for these.
   */
  async importDigests(db: Db, since: Date, now: Date, timeZone: string, windowSeconds: number): Promise<number> {
    const rows = await db.query(
      `INSERT INTO incident_facts (incident_id, drill, outcome, zone_ids, local_date, local_dow, local_hour, time_zone,
                                   hotline_calls, sms, whatsapp, telegram, web, responder, other, dispatched, on_time,
                                   first_ping_seconds, first_accept_seconds, on_scene_seconds, version, refreshed_at)
       SELECT d.id, d.drill,
              CASE WHEN d.outcome IN ('confirmed', 'other_agency', 'false_alarm', 'unverifiable') THEN d.outcome
                   WHEN d.outcome = 'resolved' THEN 'confirmed' ELSE 'none' END,
              d.zone_ids, (d.opened_at AT TIME ZONE $3)::date, extract(isodow FROM d.opened_at AT TIME ZONE $3),
              extract(hour FROM d.opened_at AT TIME ZONE $3), $3,
              coalesce((d.channels->>'hotline-call')::int, 0), coalesce((d.channels->>'sms')::int, 0), coalesce((d.channels->>'whatsapp')::int, 0),
              coalesce((d.channels->>'telegram')::int, 0), coalesce((d.channels->>'web')::int, 0),
              coalesce((d.channels->>'responder')::int, 0), coalesce((d.channels->>'other')::int, 0),
              d.first_ping_seconds IS NOT NULL, d.first_ping_seconds IS NOT NULL AND coalesce(d.on_scene_seconds <= $4, false),
              round(d.first_ping_seconds), round(d.first_accept_seconds), round(d.on_scene_seconds), 0, date_trunc('hour', $2::timestamptz)
         FROM incident_digests d
        WHERE d.purged_at >= date_trunc('hour', $1::timestamptz) AND NOT EXISTS (SELECT 1 FROM incident_facts f WHERE f.incident_id = d.id)
       ON CONFLICT (incident_id) DO NOTHING RETURNING incident_id`,
      [since, now, timeZone, windowSeconds],
    );
    return rows.length;
  }

  /** Incidents still moving (opened or observed since `since`): pings and answers change them without a new version. */
  async recent(db: Db, since: Date, limit: number): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      `SELECT i.id FROM incidents i WHERE i.merged_into IS NULL AND (i.last_observed_at >= $1 OR i.opened_at >= $1) ORDER BY i.opened_at DESC LIMIT $2`,
      [since, limit],
    );
    return rows.map((r) => r.id);
  }
}
