import type { Outcome } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

/**
 * Where the numbers come from: one row per incident, `incident_facts`, which outlives purged incidents and takes
 * in the retention job's `incident_digests` for incidents that never had facts (FactsRepository.importDigests,
 * at refresh time, so the page's queries read one table). Another source with these columns could join here as
 * `UNION ALL SELECT … FROM it`, and every query below would take it in unchanged.
 */
export const FACT_SOURCES = `(SELECT incident_id, drill, outcome, zone_ids, local_date, local_dow, local_hour, hotline_calls, sms, whatsapp, telegram, web, responder,
                                     other, dispatched, on_time, first_ping_seconds, first_accept_seconds, on_scene_seconds FROM incident_facts)`;

/**
 * The facts in the filter: `$1`/`$2` the first and last day (network dates, as the facts store them), `$3` the
 * zone or null. Drills never count.
 */
const FILTERED = `f AS (
  SELECT * FROM ${FACT_SOURCES} x
   WHERE NOT x.drill AND x.local_date BETWEEN $1::date AND $2::date AND ($3::uuid IS NULL OR $3::uuid = ANY (x.zone_ids)))`;

export type Filter = { from: string; to: string; zoneId: string | null };
const params = (q: Filter) => [q.from, q.to, q.zoneId];

/** Durations are whole seconds from the first report (the facts keep no timestamps). */
const pct = (p: number, column: string) => `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${column}) FILTER (WHERE ${column} IS NOT NULL)`;
const CHANNELS = `coalesce(sum(hotline_calls), 0)::int AS "hotline-call", coalesce(sum(sms), 0)::int AS sms, coalesce(sum(whatsapp), 0)::int AS whatsapp,
                  coalesce(sum(telegram), 0)::int AS telegram, coalesce(sum(web), 0)::int AS web,
                  coalesce(sum(responder), 0)::int AS responder, coalesce(sum(other), 0)::int AS other`;

export type ChannelRow = { 'hotline-call': number; sms: number; whatsapp: number; telegram: number; web: number; responder: number; other: number };
export type SummaryRow = ChannelRow & {
  incidents: number;
  dispatched: number;
  onTime: number;
  pingN: number;
  pingP50: number | null;
  pingP90: number | null;
  acceptN: number;
  acceptP50: number | null;
  acceptP90: number | null;
  sceneN: number;
  sceneP50: number | null;
  sceneP90: number | null;
} & Record<Outcome, number>;

/** The metrics page's queries, each one aggregate over the filtered facts (pings for answer rates). */
@Injectable()
export class MetricsRepository {
  /**
   * For the transaction a query runs in: no JIT compilation. These aggregates cross PostgreSQL's JIT threshold
   * on a year of data, and compiling cost more than it saved (measured: 175 → 90 ms for the summary).
   */
  async withoutJit(db: Db): Promise<void> {
    await db.query('SET LOCAL jit = off');
  }

  async summary(db: Db, q: Filter): Promise<SummaryRow> {
    const [row] = await db.query<SummaryRow>(
      `WITH ${FILTERED}
       SELECT count(*)::int AS incidents, ${CHANNELS},
              count(*) FILTER (WHERE dispatched)::int AS dispatched,
              count(*) FILTER (WHERE on_time)::int AS "onTime",
              count(first_ping_seconds)::int AS "pingN", ${pct(0.5, 'first_ping_seconds')} AS "pingP50", ${pct(0.9, 'first_ping_seconds')} AS "pingP90",
              count(first_accept_seconds)::int AS "acceptN", ${pct(0.5, 'first_accept_seconds')} AS "acceptP50", ${pct(0.9, 'first_accept_seconds')} AS "acceptP90",
              count(on_scene_seconds)::int AS "sceneN", ${pct(0.5, 'on_scene_seconds')} AS "sceneP50", ${pct(0.9, 'on_scene_seconds')} AS "sceneP90",
              count(*) FILTER (WHERE outcome = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE outcome = 'other_agency')::int AS other_agency,
              count(*) FILTER (WHERE outcome = 'false_alarm')::int AS false_alarm, count(*) FILTER (WHERE outcome = 'unverifiable')::int AS unverifiable,
              count(*) FILTER (WHERE outcome = 'none')::int AS none
         FROM f`,
      params(q),
    );
    return row!;
  }

  /** Sightings per ISO weekday and hour (network time) of their incident's first report, by channel. */
  hourOfWeek(db: Db, q: Filter): Promise<(ChannelRow & { day: number; hour: number })[]> {
    return db.query(
      `WITH ${FILTERED}
       SELECT local_dow::int AS day, local_hour::int AS hour, ${CHANNELS}
         FROM f GROUP BY 1, 2 ORDER BY 1, 2`,
      params(q),
    );
  }

  /** Per zone (of the filter, or all) and hour of day: incidents, dispatched, someone on scene in the window. */
  coverage(db: Db, q: Filter): Promise<{ zoneId: string; zoneName: string | null; hour: number; incidents: number; dispatched: number; onTime: number }[]> {
    return db.query(
      `WITH ${FILTERED}
       SELECT c.zone AS "zoneId", zn.name AS "zoneName", c.hour, c.incidents, c.dispatched, c."onTime" FROM (
         SELECT z AS zone, local_hour::int AS hour, count(*)::int AS incidents,
                count(*) FILTER (WHERE dispatched)::int AS dispatched, count(*) FILTER (WHERE on_time)::int AS "onTime"
           FROM f, unnest(f.zone_ids) z WHERE $3::uuid IS NULL OR z = $3::uuid GROUP BY 1, 2) c
       LEFT JOIN zones zn ON zn.id = c.zone ORDER BY zn.name NULLS LAST, c.zone, c.hour`,
      params(q),
    );
  }

  weekly(db: Db, q: Filter): Promise<{ week: string; incidents: number; dispatched: number; onTime: number }[]> {
    return db.query(
      `WITH ${FILTERED}
       SELECT to_char(local_date - (local_dow - 1), 'YYYY-MM-DD') AS week, count(*)::int AS incidents,
              count(*) FILTER (WHERE dispatched)::int AS dispatched, count(*) FILTER (WHERE on_time)::int AS "onTime"
         FROM f GROUP BY 1 ORDER BY 1`,
      params(q),
    );
  }

  /** How each responder (alias) answered the pings of the filtered incidents. Purged incidents' answers are gone. */
  responders(db: Db, q: Filter) {
    return db.query<{ alias: string; pinged: number; answered: number; accepted: number; declined: number; onScene: number }>(
      `SELECT r.alias, a.pinged, a.answered, a.accepted, a.declined, a."onScene" FROM (
         SELECT responder_id, sum(pinged)::int AS pinged, sum(answered)::int AS answered, sum(accepted)::int AS accepted,
                sum(declined)::int AS declined, sum(on_scene)::int AS "onScene"
           FROM responder_facts
          WHERE NOT drill AND local_date BETWEEN $1::date AND $2::date AND ($3::uuid IS NULL OR $3::uuid = ANY (zone_ids))
          GROUP BY responder_id) a
       JOIN responders r ON r.id = a.responder_id ORDER BY a.pinged DESC, r.alias`,
      params(q),
    );
  }
}
