import { Injectable } from '@nestjs/common';
import { SEALED_LOG_FIELDS } from '../crypto/sealing.js';
import type { Db } from '../database/unit-of-work.js';

/**
 * An incident's record is kept (evidence for legal defense) while its outcome is confirmed, another agency, or resolved
 * (which follows only those two). An outcome, not a history: a confirmation withdrawn — a false alarm or unverifiable
 * after all — makes it an unconfirmed report again. A drill never is kept (its verdict was practice).
 */
export const KEPT = `(NOT i.drill AND i.status IN ('confirmed', 'other_agency', 'resolved'))`;

/** When an incident left the live map (merged ones follow the incident they were merged into). */
const LEFT_LIVE = `coalesce(i.resolved_at, i.expired_at)`;

/** Tables of an incident's record with sealed free-text columns (names come from code, never input). */
export const SEALED_RECORD_TABLES: { table: string; incident: string; columns: string[] }[] = [
  { table: 'sightings', incident: 'incident_id', columns: ['location_description', 'uniform', 'equipment', 'notes'] },
  { table: 'dispatches', incident: 'incident_id', columns: ['note'] },
  { table: 'follow_ups', incident: 'incident_id', columns: ['note'] },
  { table: 'incidents', incident: 'id', columns: ['debrief', 'other_agency'] },
  { table: 'incident_referrals', incident: 'incident_id', columns: ['note'] },
];

export type SealedRow = { id: string; values: Record<string, Buffer | null> };
export type LogRow = { id: string; detail: Record<string, unknown> };

/** The SQL of the record's retention: what to purge, what to re-seal, and the digest left behind. */
@Injectable()
export class IncidentRetentionRepository {
  /**
   * Deletes incidents that left the live map before `cutoff` (unconfirmed ones with `kept` false, kept records with
   * `kept` true), with everything of theirs (sightings, dispatches, pings, answers, log, witnesses, follow-ups,
   * photos' rows) and the incidents merged into them, leaving one de-identified digest each. What is left (the digest
   * and the incident's facts) gets a fresh random id, found nowhere else, and no exact time: times to the hour,
   * durations in whole seconds. Returns how many.
   */
  async purge(db: Db, kept: boolean, cutoff: Date, now: Date, limit = 500): Promise<number> {
    const rows = await db.query<{ id: string }>(
      `WITH doomed AS MATERIALIZED (
         SELECT i.id, gen_random_uuid() AS leftover FROM incidents i
          WHERE i.merged_into IS NULL AND ${LEFT_LIVE} IS NOT NULL AND ${LEFT_LIVE} < $2 AND ${KEPT} = $1
          ORDER BY ${LEFT_LIVE} LIMIT $4
       ), digested AS (
         INSERT INTO incident_digests (id, opened_at, left_live_at, outcome, confirmed, drill, zone_ids, sightings, channels,
                                       first_ping_seconds, first_accept_seconds, on_scene_seconds, purged_at)
         SELECT doomed.leftover, date_trunc('hour', i.opened_at), date_trunc('hour', ${LEFT_LIVE}), i.status, i.confirmed_at IS NOT NULL, i.drill,
                coalesce((SELECT array_agg(DISTINCT z) FROM sightings s, unnest(s.zone_ids) z WHERE s.incident_id = i.id), '{}'),
                (SELECT count(*)::int FROM sightings s WHERE s.incident_id = i.id),
                coalesce((SELECT jsonb_object_agg(channel, n) FROM (SELECT channel, count(*)::int AS n FROM sightings s WHERE s.incident_id = i.id GROUP BY channel) c), '{}'),
                (SELECT round(extract(epoch FROM min(p.created_at) - i.opened_at)) FROM pings p JOIN dispatches d ON d.id = p.dispatch_id WHERE d.incident_id = i.id),
                (SELECT round(extract(epoch FROM min(a.answered_at) - i.opened_at)) FROM ping_answers a JOIN pings p ON p.id = a.ping_id
                   JOIN dispatches d ON d.id = p.dispatch_id WHERE d.incident_id = i.id AND a.status IN ('accepted', 'en_route', 'on_scene')),
                (SELECT round(extract(epoch FROM min(a.answered_at) - i.opened_at)) FROM ping_answers a JOIN pings p ON p.id = a.ping_id
                   JOIN dispatches d ON d.id = p.dispatch_id WHERE d.incident_id = i.id AND a.status = 'on_scene'),
                date_trunc('hour', $3::timestamptz)
           FROM incidents i JOIN doomed ON doomed.id = i.id
         ON CONFLICT (id) DO NOTHING
       ), facts AS (
         UPDATE incident_facts f SET incident_id = doomed.leftover FROM doomed WHERE f.incident_id = doomed.id
       ), merged AS (
         DELETE FROM incidents m WHERE m.merged_into IN (SELECT id FROM doomed) RETURNING m.id
       ), merged_facts AS (
         DELETE FROM incident_facts f USING merged WHERE f.incident_id = merged.id
       )
       DELETE FROM incidents i WHERE i.id IN (SELECT id FROM doomed) RETURNING i.id`,
      [kept, cutoff, now, limit],
    );
    return rows.length;
  }

  /**
   * Rows whose sealed text is under a key of `purpose` while their incident's record is (`kept` true) or is not kept:
   * kept ones under the open-record key move to the kept key, and back when a confirmation is withdrawn.
   */
  async rowsToReseal(db: Db, table: (typeof SEALED_RECORD_TABLES)[number], purpose: string, kept: boolean, limit: number): Promise<SealedRow[]> {
    const columns = table.columns.map((c) => `'${c}', encode(t.${c}, 'base64')`).join(', ');
    return db
      .query<{ id: string; values: Record<string, string | null> }>(
        `SELECT t.id, json_build_object(${columns}) AS values
         FROM ${table.table} t JOIN incidents i ON i.id = t.${table.incident}
        WHERE t.sealed_key LIKE $1 || '/%' AND ${KEPT} = $3 LIMIT $2`,
        [purpose, limit, kept],
      )
      .then((rows) => rows.map((r) => ({ id: r.id, values: decodeValues(r.values) })));
  }

  async resealRow(
    db: Db,
    table: (typeof SEALED_RECORD_TABLES)[number],
    id: string,
    values: Record<string, Buffer | null>,
    keyId: string | null,
  ): Promise<void> {
    const sets = table.columns.map((c, i) => `${c} = $${i + 3}`).join(', ');
    await db.query(`UPDATE ${table.table} SET ${sets}, sealed_key = $2 WHERE id = $1`, [id, keyId, ...table.columns.map((c) => values[c] ?? null)]);
  }

  /** Log entries sealed under a key of `purpose` while their incident's record is (`kept` true) or is not kept. */
  logToReseal(db: Db, purpose: string, kept: boolean, limit: number): Promise<LogRow[]> {
    return db.query<LogRow>(
      `SELECT l.id, l.detail FROM incident_log l JOIN incidents i ON i.id = l.incident_id
        WHERE l.sealed_key LIKE $1 || '/%' AND ${KEPT} = $3 LIMIT $2`,
      [purpose, limit, kept],
    );
  }

  async resealLog(db: Db, id: string, detail: Record<string, unknown>, keyId: string | null): Promise<void> {
    await db.query('UPDATE incident_log SET detail = $2, sealed_key = $3 WHERE id = $1', [id, JSON.stringify(detail), keyId]);
  }

  /** Plaintext of `tables` from before sealing existed (other owners seal their own tables' legacy rows). */
  legacy(db: Db, tables: readonly string[], limit: number): Promise<{ tableName: string; rowId: string; columnName: string; value: string }[]> {
    return db.query(
      `SELECT table_name AS "tableName", row_id AS "rowId", column_name AS "columnName", value FROM legacy_plaintext WHERE table_name = ANY($1::text[]) LIMIT $2`,
      [tables, limit],
    );
  }

  /** Seals one legacy value into place (joining whatever the row already has sealed under the same key). */
  async placeLegacy(
    db: Db,
    table: (typeof SEALED_RECORD_TABLES)[number] | { table: string; columns: string[] },
    rowId: string,
    column: string,
    sealed: Buffer,
    keyId: string,
  ): Promise<void> {
    if (!table.columns.includes(column)) throw new Error(`not a sealed column: ${table.table}.${column}`);
    await db.query(`UPDATE ${table.table} SET ${column} = $2, sealed_key = $3 WHERE id = $1`, [rowId, sealed, keyId]);
    await db.query('DELETE FROM legacy_plaintext WHERE table_name = $1 AND row_id = $2 AND column_name = $3', [table.table, rowId, column]);
  }

  async sealedKeyOf(db: Db, table: string, rowId: string): Promise<string | null> {
    const rows = await db.query<{ sealedKey: string | null }>(`SELECT sealed_key AS "sealedKey" FROM ${table} WHERE id = $1`, [rowId]);
    return rows[0]?.sealedKey ?? null;
  }

  /**
   * Log entries with a sealed field's text in clear: from before sealing (no key), or from a version that sealed fewer
   * fields (`otherAgency` was added later, so the entry names a key for its other fields).
   */
  plainLog(db: Db, limit: number): Promise<(LogRow & { sealedKey: string | null })[]> {
    const clear = SEALED_LOG_FIELDS.map((f) => `coalesce(jsonb_typeof(detail->'${f}') = 'string' AND detail->>'${f}' <> '', false)`).join(' OR ');
    return db.query(`SELECT id, detail, sealed_key AS "sealedKey" FROM incident_log WHERE ${clear} LIMIT $1`, [limit]);
  }

  /**
   * A deleted account's name in the log becomes its blank name: the entries it wrote, and calls it answered logged
   * before those carried the user id (then only the name said who).
   */
  async renameActor(db: Db, userId: string, label: string, names: readonly string[]): Promise<void> {
    await db.query(`UPDATE incident_log SET actor = $2 WHERE user_id = $1 OR (user_id IS NULL AND kind = 'call' AND actor = ANY($3::text[]))`, [
      userId,
      label,
      names,
    ]);
  }

  /**
   * Pings' distance, ETA and expected arrival (each derived from where a responder was: arrival minus answer time is the
   * ETA, and so the distance) once their dispatch is over, on the pings and on the log of their answers, and verdicts'
   * distances from the incident in its log. Returns how many.
   */
  async dropPingDistances(db: Db, now: Date): Promise<number> {
    const rows = await db.query<{ id: string }>(
      `WITH ended AS (
         SELECT p.id FROM pings p JOIN dispatches d ON d.id = p.dispatch_id JOIN incidents i ON i.id = d.incident_id
          WHERE (p.distance_m IS NOT NULL OR p.eta_seconds IS NOT NULL OR p.arrival_at IS NOT NULL)
            AND (d.status = 'cancelled' OR d.window_ends_at < $1::timestamptz - interval '1 hour'
                 OR i.expired_at IS NOT NULL OR i.resolved_at IS NOT NULL OR i.merged_into IS NOT NULL)
       ), answers AS (
         UPDATE ping_answers a SET arrival_at = NULL FROM ended WHERE a.ping_id = ended.id AND a.arrival_at IS NOT NULL
       )
       UPDATE pings p SET distance_m = NULL, eta_seconds = NULL, arrival_at = NULL FROM ended WHERE p.id = ended.id
        RETURNING p.id`,
      [now],
    );
    // A verdict's distance from the incident (how far the responder was when they gave it): `atScene` stays, and
    // `located` says they did share a location. Once none of the incident's dispatches is still under way.
    const verdicts = await db.query<{ id: string }>(
      `UPDATE incident_log l SET detail = (l.detail - 'distanceMeters') || '{"located": true}'::jsonb
         FROM incidents i
        WHERE i.id = l.incident_id AND l.kind = 'verdict' AND jsonb_typeof(l.detail->'distanceMeters') = 'number'
          AND (i.expired_at IS NOT NULL OR i.resolved_at IS NOT NULL OR i.merged_into IS NOT NULL
               OR NOT EXISTS (SELECT 1 FROM dispatches d WHERE d.incident_id = i.id AND d.status <> 'cancelled'
                                 AND d.window_ends_at >= $1::timestamptz - interval '1 hour'))
        RETURNING l.id`,
      [now],
    );
    return rows.length + verdicts.length;
  }
}

function decodeValues(values: Record<string, string | null>): Record<string, Buffer | null> {
  const out: Record<string, Buffer | null> = {};
  for (const [k, v] of Object.entries(values)) out[k] = v === null ? null : Buffer.from(v, 'base64');
  return out;
}
