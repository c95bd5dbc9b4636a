import { type Dispatch, type DispatchStatus, type Need, verifiedStatuses } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { isoTimestamp, sealedText } from '../database/sql.js';
import { KeyRing } from '../crypto/key-ring.js';
import type { Db } from '../database/unit-of-work.js';
import { OPEN_RECORD, sealTexts } from '../crypto/sealing.js';
import { insertPings, type NewPing, pingValues } from './pings.repository.js';

/** A dispatch as escalation works on it, with where its sighting is. */
export type DispatchState = {
  id: string;
  sightingId: string;
  needs: Need[];
  status: DispatchStatus;
  wave: 1 | 2 | 3 | 4;
  waveStartedAt: Date;
  windowEndsAt: Date;
  point: [number, number];
  zoneIds: string[];
};

/** A dispatch locked for a change: its state, and whether its incident has a verdict (`verifiedStatuses`). */
export type LockedDispatch = DispatchState & { verified: boolean };

/** A ping's summary as JSON (the dispatcher's roster row), for aggregating a dispatch's pings in one query. */
export const pingSummaryJson = `json_build_object('id', p.id, 'dispatchId', p.dispatch_id, 'sightingId', p.sighting_id,
  'responderId', p.responder_id, 'alias', r.alias, 'capability', p.capability, 'wave', p.wave, 'status', p.status,
  'distanceMeters', p.distance_m, 'etaSeconds', p.eta_seconds, 'arrivalAt', ${isoTimestamp('p.arrival_at')},
  'createdAt', ${isoTimestamp('p.created_at')}, 'respondedAt', ${isoTimestamp('p.responded_at')})`;

type ViewRow = Omit<Dispatch, 'windowEndsAt' | 'createdAt' | 'nextWaveAt'> & { windowEndsAt: Date; createdAt: Date; waveStartedAt: Date };

const SELECT_VIEW = `
  SELECT d.id, d.incident_id AS "incidentId", d.sighting_id AS "sightingId", d.needs, ${sealedText('d.note')} AS note, d.status, d.wave, d.wave_started_at AS "waveStartedAt",
         d.window_ends_at AS "windowEndsAt", d.created_at AS "createdAt",
         coalesce((SELECT json_agg(${pingSummaryJson} ORDER BY p.wave, p.eta_seconds NULLS LAST, r.alias)
                     FROM pings p JOIN responders r ON r.id = p.responder_id WHERE p.dispatch_id = d.id), '[]') AS pings
    FROM dispatches d`;

/**
 * Where responders are sent and until when they can make it: the incident's location, its newest sighting
 * (whose observation starts the window), and the zones its sightings fell in.
 */
export type DispatchTarget = { incidentId: string; sightingId: string; point: [number, number]; observedAt: Date; zoneIds: readonly string[] };

@Injectable()
export class DispatchesRepository {
  constructor(private readonly keys: KeyRing) {}

  async target(db: Db, incidentId: string): Promise<DispatchTarget | null> {
    const rows = await db.query<Omit<DispatchTarget, 'point'> & { point: { coordinates: [number, number] } }>(
      `SELECT i.id AS "incidentId", ST_AsGeoJSON(i.location)::json AS point, i.last_observed_at AS "observedAt",
              (SELECT s.id FROM sightings s WHERE s.incident_id = i.id ORDER BY s.observed_at DESC, s.reported_at DESC LIMIT 1) AS "sightingId",
              coalesce((SELECT array_agg(DISTINCT z) FROM sightings s, unnest(s.zone_ids) z WHERE s.incident_id = i.id), '{}') AS "zoneIds"
         FROM incidents i WHERE i.id = $1 AND i.merged_into IS NULL FOR SHARE OF i`,
      [incidentId],
    );
    const row = rows[0];
    return row ? { ...row, point: row.point.coordinates } : null;
  }

  async incidentOfSighting(db: Db, sightingId: string): Promise<string | null> {
    const rows = await db.query<{ incident_id: string }>('SELECT incident_id FROM sightings WHERE id = $1', [sightingId]);
    return rows[0]?.incident_id ?? null;
  }

  /** Dispatches of an incident still asking or going. */
  async openOfIncident(db: Db, incidentId: string): Promise<string[]> {
    const rows = await db.query<{ id: string }>(`SELECT id FROM dispatches WHERE incident_id = $1 AND status <> 'cancelled' ORDER BY created_at`, [incidentId]);
    return rows.map((r) => r.id);
  }

  /**
   * Stores a new dispatch and its first wave's pings in one statement (one round trip on the hot path); returns its id
   * and who was pinged under which ping id.
   */
  async insert(
    db: Db,
    d: { incidentId: string; sightingId: string; needs: Need[]; note: string; windowEndsAt: Date; createdBy: string | null; now: Date },
    pings: readonly NewPing[],
    sender: number,
  ): Promise<{ id: string; pings: { id: string; responderId: string }[] }> {
    const note = sealTexts(this.keys, OPEN_RECORD, { note: d.note });
    const rows = await db.query<{ dispatchId: string; id: string | null; responderId: string | null }>(
      `WITH d AS (
         INSERT INTO dispatches (incident_id, sighting_id, needs, note, status, wave, wave_started_at, window_ends_at, created_by, created_at, sealed_key)
         VALUES ($1, $2, $3, $4, 'active', 1, $5, $6, $7, $5, $8) RETURNING id
       ), p AS (${insertPings('(SELECT id FROM d)', 9)} RETURNING id, responder_id)
       SELECT d.id AS "dispatchId", p.id, p.responder_id AS "responderId" FROM d LEFT JOIN p ON true`,
      [
        d.incidentId,
        d.sightingId,
        JSON.stringify(d.needs),
        note.sealed.note,
        d.now,
        d.windowEndsAt,
        d.createdBy,
        note.keyId,
        ...pingValues(d.sightingId, pings, d.now, sender),
      ],
    );
    return {
      id: rows[0]!.dispatchId,
      pings: rows.flatMap(({ id, responderId }) => (id && responderId ? [{ id, responderId }] : [])),
    };
  }

  /** The dispatch, locked until the caller's transaction ends (escalation and answers take turns). */
  async lock(db: Db, id: string): Promise<LockedDispatch | null> {
    const rows = await db.query<Omit<LockedDispatch, 'point'> & { point: { coordinates: [number, number] } }>(
      `SELECT d.id, d.sighting_id AS "sightingId", d.needs, d.status, d.wave, d.wave_started_at AS "waveStartedAt",
              d.window_ends_at AS "windowEndsAt", ST_AsGeoJSON(s.location)::json AS point, s.zone_ids AS "zoneIds",
              i.status = ANY($2::text[]) AS verified
         FROM dispatches d JOIN sightings s ON s.id = d.sighting_id JOIN incidents i ON i.id = d.incident_id
        WHERE d.id = $1 FOR UPDATE OF d`,
      [id, verifiedStatuses],
    );
    const row = rows[0];
    return row ? { ...row, point: row.point.coordinates } : null;
  }

  async update(db: Db, id: string, changes: { status?: DispatchStatus; wave?: number; waveStartedAt?: Date; needs?: Need[] }): Promise<void> {
    await db.query(
      `UPDATE dispatches SET status = coalesce($2, status), wave = coalesce($3, wave), wave_started_at = coalesce($4, wave_started_at),
              needs = coalesce($5, needs) WHERE id = $1`,
      [id, changes.status ?? null, changes.wave ?? null, changes.waveStartedAt ?? null, changes.needs ? JSON.stringify(changes.needs) : null],
    );
  }

  async views(
    db: Db,
    by: { dispatchIds: readonly string[] } | { sightingIds: readonly string[] } | { incidentIds: readonly string[] },
  ): Promise<(ViewRow & { waveStartedAt: Date })[]> {
    const [column, ids] =
      'dispatchIds' in by ? ['d.id', by.dispatchIds] : 'sightingIds' in by ? ['d.sighting_id', by.sightingIds] : ['d.incident_id', by.incidentIds];
    if (ids.length === 0) return [];
    return db.query(`${SELECT_VIEW} WHERE ${column} = ANY($1::uuid[]) ORDER BY d.created_at`, [ids]);
  }
}
