import { systemReason, type Incident, type IncidentStatus, type IncidentView, type MediaItem, type Sighting, type ZoneRef } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { isoTimestamp, sealedText } from '../database/sql.js';
import { KeyRing } from '../crypto/key-ring.js';
import type { Db } from '../database/unit-of-work.js';
import { OPEN_RECORD } from '../crypto/sealing.js';

/** A sighting as JSON, with its incident's status (needs `sightings s JOIN incidents i`). */
export const sightingJson = `json_build_object('id', s.id, 'incidentId', s.incident_id, 'location', ST_AsGeoJSON(s.location)::json,
  'observedAt', ${isoTimestamp('s.observed_at')}, 'reportedAt', ${isoTimestamp('s.reported_at')}, 'status', i.status,
  'confirms', s.confirms, 'channel', s.channel, 'size', json_build_object('agents', s.agents, 'vehicles', s.vehicles),
  'activity', s.activity, 'locationDescription', ${sealedText('s.location_description')}, 'agency', s.agency,
  'uniform', ${sealedText('s.uniform')}, 'equipment', ${sealedText('s.equipment')}, 'notes', ${sealedText('s.notes')})`;

const mediaJson = `json_build_object('id', m.id, 'incidentId', m.incident_id, 'sightingId', m.sighting_id, 'contentType', m.content_type,
  'bytes', m.bytes, 'width', m.width, 'height', m.height, 'sha256', m.sha256, 'source', m.source, 'createdAt', ${isoTimestamp('m.created_at')})`;

/** Incidents still on the live map. */
export const LIVE = `i.expired_at IS NULL AND i.resolved_at IS NULL AND i.merged_into IS NULL`;

/** What an edit needs to know, read under a lock. */
export type IncidentState = {
  id: string;
  status: IncidentStatus;
  version: number;
  claimedBy: string | null;
  claimActiveAt: Date | null;
  live: boolean;
  /** A practice run: never grouped or merged with real incidents. */
  drill: boolean;
  sightingCount: number;
  /** Where the incident is now ([lon, lat]). */
  location: [number, number];
};

type ViewRow = Omit<Incident, 'sources'> & {
  sources: { total: number; byChannel: Incident['sources']['byChannel'] };
  sightings: Sighting[];
  zones: ZoneRef[];
  media: MediaItem[];
};

/** An incident's own columns as the contract names them (`incidents i`); its claim and sources need more. */
const INCIDENT_COLUMNS = `i.id, i.status, ${sealedText('i.other_agency')} AS "otherAgency", ST_AsGeoJSON(i.location)::json AS location,
         ${isoTimestamp('i.opened_at')} AS "openedAt", ${isoTimestamp('i.last_observed_at')} AS "lastObservedAt", i.version,
         ${sealedText('i.debrief')} AS debrief, ${isoTimestamp('i.expired_at')} AS "expiredAt", ${isoTimestamp('i.resolved_at')} AS "resolvedAt",
         i.merged_into AS "mergedInto", i.drill`;

/** A just-opened incident: nobody claims it, and no sighting is stored in it yet. */
export type OpenedIncident = Omit<Incident, 'claim' | 'sources'>;

const SELECT_VIEW = `
  SELECT ${INCIDENT_COLUMNS},
         CASE WHEN i.claimed_by IS NULL THEN NULL
              ELSE json_build_object('userId', i.claimed_by, 'username', u.username, 'activeAt', ${isoTimestamp('i.claim_active_at')}) END AS claim,
         (SELECT json_build_object('total', coalesce(sum(n), 0), 'byChannel', coalesce(json_object_agg(channel, n), '{}'))
            FROM (SELECT channel, count(*)::int AS n FROM sightings WHERE incident_id = i.id GROUP BY channel) c) AS sources,
         coalesce((SELECT json_agg(${sightingJson} ORDER BY s.observed_at, s.reported_at) FROM sightings s WHERE s.incident_id = i.id), '[]') AS sightings,
         coalesce((SELECT json_agg(json_build_object('id', z.id, 'name', z.name) ORDER BY z.name) FROM zones z
                    WHERE z.id IN (SELECT unnest(s.zone_ids) FROM sightings s WHERE s.incident_id = i.id)), '[]') AS zones,
         coalesce((SELECT json_agg(${mediaJson} ORDER BY m.created_at) FROM media m WHERE m.incident_id = i.id), '[]') AS media
    FROM incidents i LEFT JOIN users u ON u.id = i.claimed_by`;

@Injectable()
export class IncidentsRepository {
  constructor(private readonly keys: KeyRing) {}

  /**
   * Places a new sighting in one statement: the open incident it belongs to — the nearest within `meters` whose
   * newest sighting was observed within `windowMs` of this one, not dismissed as a false alarm, and a drill exactly
   * when this sighting is one (a drill never absorbs a real report, nor the reverse), locked for the caller's
   * transaction — or, when there is none, a new incident opened there (returned as stored, but for claim and sources).
   */
  async place(
    db: Db,
    p: { point: readonly [number, number]; observedAt: Date; meters: number; windowMs: number; drill: boolean; now: Date },
  ): Promise<{ joined: string; opened: null } | { joined: null; opened: OpenedIncident }> {
    const { point, meters } = p;
    // A box around the point (degrees, padded) lets the GiST index on location prefilter before the exact
    // geography distance; without it every live incident's distance is computed.
    const dLat = (meters / 111_320) * 1.01;
    const dLon = dLat / Math.max(Math.cos((point[1] * Math.PI) / 180), 0.01);
    const [row] = await db.query<{ joined: string | null; opened: OpenedIncident | null }>(
      `WITH joined AS (
         SELECT i.id FROM incidents i
          WHERE ${LIVE} AND i.status <> 'false_alarm' AND i.drill = $10
            AND i.last_observed_at >= $3::timestamptz - $5 * interval '1 millisecond'
            AND i.last_observed_at <= $3::timestamptz + $5 * interval '1 millisecond'
            AND i.location && ST_MakeEnvelope($6, $7, $8, $9, 4326)
            AND ST_DWithin(i.location::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $4)
          ORDER BY i.location <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)
          LIMIT 1 FOR UPDATE OF i
       ), opened AS (
         INSERT INTO incidents AS i (location, last_observed_at, opened_at, drill)
         SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326), $3, $11, $10 WHERE NOT EXISTS (SELECT 1 FROM joined)
         RETURNING ${INCIDENT_COLUMNS}
       )
       SELECT (SELECT id FROM joined) AS joined, (SELECT row_to_json(opened) FROM opened) AS opened`,
      [point[0], point[1], p.observedAt, meters, p.windowMs, point[0] - dLon, point[1] - dLat, point[0] + dLon, point[1] + dLat, p.drill, p.now],
    );
    return row!.joined ? { joined: row!.joined, opened: null } : { joined: null, opened: row!.opened! };
  }

  /** After its sightings changed: location (latest confirming sighting, else latest), newest observation, version. */
  async refresh(db: Db, id: string): Promise<void> {
    await db.query(
      `UPDATE incidents i SET
          location = (SELECT s.location FROM sightings s WHERE s.incident_id = i.id ORDER BY s.confirms DESC, s.observed_at DESC, s.reported_at DESC LIMIT 1),
          last_observed_at = (SELECT max(s.observed_at) FROM sightings s WHERE s.incident_id = i.id),
          version = i.version + 1
        WHERE i.id = $1 AND EXISTS (SELECT 1 FROM sightings s WHERE s.incident_id = i.id)`,
      [id],
    );
  }

  async lock(db: Db, id: string): Promise<IncidentState | null> {
    const rows = await db.query<IncidentState>(
      `SELECT i.id, i.status, i.version, i.claimed_by AS "claimedBy", i.claim_active_at AS "claimActiveAt", (${LIVE}) AS live, i.drill,
              (SELECT count(*)::int FROM sightings s WHERE s.incident_id = i.id) AS "sightingCount",
              json_build_array(ST_X(i.location), ST_Y(i.location)) AS location
         FROM incidents i WHERE i.id = $1 FOR UPDATE OF i`,
      [id],
    );
    return rows[0] ?? null;
  }

  async setStatus(db: Db, id: string, status: IncidentStatus, otherAgency: string, now: Date): Promise<void> {
    const sealed = await this.sealBeside(db, id, status === 'other_agency' ? otherAgency : '');
    await db.query(
      `UPDATE incidents SET status = $2, other_agency = $3, version = version + 1,
              sealed_key = CASE WHEN $5::text IS NOT NULL THEN $5 WHEN debrief IS NOT NULL THEN sealed_key END,
              confirmed_at = CASE WHEN $2 = 'confirmed' THEN $4 ELSE confirmed_at END,
              resolved_at = CASE WHEN $2 = 'resolved' THEN $4 ELSE NULL END,
              expired_at = NULL
        WHERE id = $1`,
      [id, status, sealed.envelope, now, sealed.keyId],
    );
  }

  /**
   * A verifier was dispatched: a `reported` incident moves to `verifying`, logged as the system's doing, in one
   * statement. Returns its new version, or null if it did not move (it may already be further along).
   */
  async markVerifying(db: Db, id: string, now: Date): Promise<number | null> {
    const rows = await db.query<{ version: number }>(
      `WITH moved AS (
         UPDATE incidents SET status = 'verifying', version = version + 1, expired_at = NULL WHERE id = $1 AND status = 'reported' RETURNING id, version
       ), logged AS (
         INSERT INTO incident_log (incident_id, at, user_id, actor, kind, detail)
         SELECT id, $2, NULL, 'system', 'status', $3::jsonb FROM moved
       )
       SELECT version FROM moved`,
      [id, now, JSON.stringify({ from: 'reported', to: 'verifying', ...systemReason('verifierDispatched') })],
    );
    return rows[0]?.version ?? null;
  }

  /** Marks the incident's latest sighting as confirming it (a dispatcher's confirmation), so the location stays there. */
  async markLatestConfirming(db: Db, id: string): Promise<void> {
    await db.query(
      `UPDATE sightings SET confirms = true WHERE id = (SELECT id FROM sightings WHERE incident_id = $1 ORDER BY observed_at DESC, reported_at DESC LIMIT 1)`,
      [id],
    );
  }

  async setClaim(db: Db, id: string, userId: string | null, now: Date | null): Promise<void> {
    await db.query('UPDATE incidents SET claimed_by = $2, claim_active_at = $3, version = version + 1 WHERE id = $1', [id, userId, now]);
  }

  /** Keeps the claimer's claim alive: they acted on the incident. */
  async touchClaim(db: Db, id: string, userId: string, now: Date): Promise<void> {
    await db.query('UPDATE incidents SET claim_active_at = $3 WHERE id = $1 AND claimed_by = $2', [id, userId, now]);
  }

  async setDebrief(db: Db, id: string, text: string): Promise<void> {
    const sealed = await this.sealBeside(db, id, text);
    await db.query(
      `UPDATE incidents SET debrief = $2, version = version + 1,
              sealed_key = CASE WHEN $3::text IS NOT NULL THEN $3 WHEN other_agency IS NOT NULL THEN sealed_key END
        WHERE id = $1`,
      [id, sealed.envelope, sealed.keyId],
    );
  }

  /**
   * Seals one of an incident's free-text columns (debrief, other agency) under the key its other sealed column is
   * under, so the row names one key for both; a new "report" key when it has none (or that key is gone, and with it
   * what it sealed). An empty text is NULL and needs no key.
   */
  private async sealBeside(db: Db, id: string, text: string): Promise<{ envelope: Buffer | null; keyId: string | null }> {
    if (text === '') return { envelope: null, keyId: null };
    const [row] = await db.query<{ sealedKey: string | null }>('SELECT sealed_key AS "sealedKey" FROM incidents WHERE id = $1', [id]);
    const envelope = (row?.sealedKey ? this.keys.sealUnder(row.sealedKey, text) : null) ?? this.keys.seal(OPEN_RECORD, text);
    return { envelope, keyId: this.keys.keyIdOf(envelope) };
  }

  /** Moves everything of `otherId` into `targetId` and marks `otherId` as merged into it. */
  async merge(db: Db, targetId: string, otherId: string): Promise<void> {
    for (const table of ['sightings', 'dispatches', 'media', 'witnesses', 'follow_ups', 'incident_log', 'incident_referrals']) {
      await db.query(`UPDATE ${table} SET incident_id = $1 WHERE incident_id = $2`, [targetId, otherId]);
    }
    await db.query('UPDATE incidents SET merged_into = $1, claimed_by = NULL, claim_active_at = NULL, version = version + 1 WHERE id = $2', [
      targetId,
      otherId,
    ]);
  }

  /** Takes one sighting (and its photos) out of its incident into a new incident of its own; returns its id. */
  async split(db: Db, sightingId: string, now: Date): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO incidents (location, last_observed_at, opened_at, drill)
       SELECT s.location, s.observed_at, $2, i.drill FROM sightings s JOIN incidents i ON i.id = s.incident_id WHERE s.id = $1 RETURNING id`,
      [sightingId, now],
    );
    await db.query('UPDATE sightings SET incident_id = $2 WHERE id = $1', [sightingId, row!.id]);
    await db.query('UPDATE media SET incident_id = $2 WHERE sighting_id = $1', [sightingId, row!.id]);
    return row!.id;
  }

  async sightingIncident(db: Db, sightingId: string): Promise<string | null> {
    const rows = await db.query<{ incident_id: string }>('SELECT incident_id FROM sightings WHERE id = $1', [sightingId]);
    return rows[0]?.incident_id ?? null;
  }

  async exists(db: Db, id: string): Promise<boolean> {
    return (await db.query('SELECT 1 FROM incidents WHERE id = $1', [id])).length > 0;
  }

  async views(db: Db, ids: readonly string[]): Promise<Omit<IncidentView, 'dispatches'>[]> {
    if (ids.length === 0) return [];
    const rows = await db.query<ViewRow>(`${SELECT_VIEW} WHERE i.id = ANY($1::uuid[])`, [ids]);
    const byId = new Map(rows.map(({ sightings, zones, media, ...incident }) => [incident.id, { incident, sightings, zones, media }]));
    return ids.map((id) => byId.get(id)).filter((v) => v !== undefined);
  }

  /**
   * Incidents for the triage queue: live ones (unless `all`), unverified first, then newest.
   */
  async list(db: Db, q: { all: boolean; since: Date; limit: number }): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      `SELECT i.id FROM incidents i
        WHERE ($1 OR ${LIVE}) AND i.last_observed_at >= $2
        ORDER BY (i.status IN ('reported', 'verifying')) DESC, i.last_observed_at DESC
        LIMIT $3`,
      [q.all, q.since, q.limit],
    );
    return rows.map((r) => r.id);
  }

  /** Unconfirmed incidents with nothing observed since `cutoff` leave the live map. */
  async expire(db: Db, cutoff: Date, now: Date): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      `UPDATE incidents i SET expired_at = $2, claimed_by = NULL, claim_active_at = NULL
        WHERE ${LIVE} AND i.status IN ('reported', 'verifying', 'false_alarm', 'unverifiable') AND i.last_observed_at < $1
        RETURNING i.id`,
      [cutoff, now],
    );
    return rows.map((r) => r.id);
  }

  /** Claims whose holder did nothing on the incident since `cutoff`; released. */
  async releaseIdleClaims(db: Db, cutoff: Date): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      `UPDATE incidents SET claimed_by = NULL, claim_active_at = NULL, version = version + 1
        WHERE claimed_by IS NOT NULL AND claim_active_at < $1 RETURNING id`,
      [cutoff],
    );
    return rows.map((r) => r.id);
  }

  async releaseClaimsOf(db: Db, userId: string): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      'UPDATE incidents SET claimed_by = NULL, claim_active_at = NULL, version = version + 1 WHERE claimed_by = $1 RETURNING id',
      [userId],
    );
    return rows.map((r) => r.id);
  }

  /** Confirmed incidents between two confirmation times, for the public map (the service coarsens them). */
  async publicConfirmed(db: Db, from: Date, to: Date) {
    return db.query<{ activity: string; agency: string; location: { type: 'Point'; coordinates: [number, number] }; confirmedAt: string }>(
      `SELECT s.activity, s.agency, ST_AsGeoJSON(i.location)::json AS location,
              ${isoTimestamp("date_trunc('hour', i.confirmed_at) + floor(extract(minute FROM i.confirmed_at) / 15) * interval '15 minutes'")} AS "confirmedAt"
         FROM incidents i
         JOIN LATERAL (SELECT activity, agency FROM sightings WHERE incident_id = i.id ORDER BY confirms DESC, observed_at DESC LIMIT 1) s ON true
        WHERE i.status = 'confirmed' AND NOT i.drill AND i.merged_into IS NULL AND i.confirmed_at > $1 AND i.confirmed_at <= $2
        ORDER BY i.confirmed_at DESC`,
      [from, to],
    );
  }
}
