import type { Capability, Ping, PingStatus } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { processGone } from '../cluster/cluster.repository.js';
import { isoTimestamp, sealedText, toIso } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';

export type NewPing = { responderId: string; capability: Capability; wave: number; distanceMeters: number | null; etaSeconds: number | null };

/** What answering needs to know about a ping. */
export type PingState = { id: string; dispatchId: string; responderId: string; capability: Capability; status: PingStatus; etaSeconds: number | null };

/**
 * The insert of a dispatch's pings, from `dispatchId` (an SQL expression) and eight parameters numbered from `first`
 * on, as `pingValues` lists them (the sighting, one array per column, when, the sender).
 */
export const insertPings = (dispatchId: string, first: number): string => {
  const [sighting, responders, capabilities, waves, distances, etas, now, sender] = Array.from({ length: 8 }, (_, i) => `$${first + i}`);
  return `INSERT INTO pings (dispatch_id, sighting_id, responder_id, capability, wave, distance_m, eta_seconds, created_at, sender)
          SELECT ${dispatchId}, ${sighting}, u.*, ${now}, ${sender}
            FROM unnest(${responders}::uuid[], ${capabilities}::text[], ${waves}::int[], ${distances}::float8[], ${etas}::float8[]) u`;
};

/** The parameters of `insertPings`, in its order. */
export const pingValues = (sightingId: string, pings: readonly NewPing[], now: Date, sender: number): unknown[] => [
  sightingId,
  pings.map((p) => p.responderId),
  pings.map((p) => p.capability),
  pings.map((p) => p.wave),
  pings.map((p) => p.distanceMeters),
  pings.map((p) => p.etaSeconds),
  now,
  sender,
];

type ViewRow = Omit<Ping, 'createdAt' | 'respondedAt' | 'arrivalAt'> & { createdAt: Date; respondedAt: Date | null; arrivalAt: Date | null };

const SELECT_VIEW = `
  SELECT p.id, p.dispatch_id AS "dispatchId", p.sighting_id AS "sightingId", p.responder_id AS "responderId", r.alias,
         p.capability, p.wave, p.status, p.distance_m AS "distanceMeters", p.eta_seconds AS "etaSeconds",
         p.arrival_at AS "arrivalAt", p.created_at AS "createdAt", p.responded_at AS "respondedAt", ${sealedText('d.note')} AS note, i.drill,
         json_build_object('id', s.id, 'location', ST_AsGeoJSON(s.location)::json, 'observedAt', ${isoTimestamp('s.observed_at')},
           'activity', s.activity, 'agency', s.agency, 'locationDescription', ${sealedText('s.location_description')}) AS sighting,
         CASE WHEN p.status IN ('accepted', 'en_route', 'on_scene', 'done') THEN
           coalesce((SELECT json_agg(json_build_object('alias', r2.alias, 'capability', p2.capability, 'status', p2.status,
                                                       'arrivalAt', ${isoTimestamp('p2.arrival_at')}) ORDER BY p2.arrival_at NULLS LAST, r2.alias)
                       FROM pings p2 JOIN responders r2 ON r2.id = p2.responder_id
                      WHERE p2.dispatch_id = p.dispatch_id AND p2.id <> p.id
                        AND p2.status IN ('accepted', 'en_route', 'on_scene', 'done')), '[]')
         ELSE '[]' END AS team
    FROM pings p
    JOIN responders r ON r.id = p.responder_id
    JOIN sightings s ON s.id = p.sighting_id
    JOIN dispatches d ON d.id = p.dispatch_id
    JOIN incidents i ON i.id = d.incident_id`;

const toView = (row: ViewRow): Ping => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  respondedAt: toIso(row.respondedAt),
  arrivalAt: toIso(row.arrivalAt),
});

@Injectable()
export class PingsRepository {
  /**
   * Inserts pings, skipping anyone already pinged for this dispatch; returns those inserted. `sender` is the
   * process that will send them (its presence).
   */
  async insert(
    db: Db,
    dispatchId: string,
    sightingId: string,
    pings: readonly NewPing[],
    now: Date,
    sender: number,
  ): Promise<{ id: string; responderId: string }[]> {
    if (pings.length === 0) return [];
    return db.query<{ id: string; responderId: string }>(
      `${insertPings('$1', 2)} ON CONFLICT (dispatch_id, responder_id) DO NOTHING RETURNING id, responder_id AS "responderId"`,
      [dispatchId, ...pingValues(sightingId, pings, now, sender)],
    );
  }

  async pingedResponders(db: Db, dispatchId: string): Promise<Set<string>> {
    const rows = await db.query<{ responder_id: string }>('SELECT responder_id FROM pings WHERE dispatch_id = $1', [dispatchId]);
    return new Set(rows.map((r) => r.responder_id));
  }

  /** How many are going (accepted, en route, on scene, done) per capability. */
  async goingCounts(db: Db, dispatchId: string): Promise<Map<Capability, number>> {
    const rows = await db.query<{ capability: Capability; n: number }>(
      `SELECT capability, count(*)::int AS n FROM pings
        WHERE dispatch_id = $1 AND status IN ('accepted', 'en_route', 'on_scene', 'done') GROUP BY capability`,
      [dispatchId],
    );
    return new Map(rows.map((r) => [r.capability, r.n]));
  }

  async find(db: Db, id: string, options: { lock?: boolean } = {}): Promise<PingState | null> {
    const rows = await db.query<PingState>(
      `SELECT id, dispatch_id AS "dispatchId", responder_id AS "responderId", capability, status, eta_seconds AS "etaSeconds"
         FROM pings WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async hasAnswer(db: Db, pingId: string, idempotencyKey: string): Promise<boolean> {
    const rows = await db.query('SELECT 1 FROM ping_answers WHERE ping_id = $1 AND idempotency_key = $2', [pingId, idempotencyKey]);
    return rows.length > 0;
  }

  /** Records an answer: the ping's new state, and a line in its answer log. */
  async answer(db: Db, a: { pingId: string; status: PingStatus; arrivalAt: Date | null; idempotencyKey: string | null; now: Date }): Promise<void> {
    await db.query('UPDATE pings SET status = $2, arrival_at = coalesce($3, arrival_at), responded_at = $4 WHERE id = $1', [
      a.pingId,
      a.status,
      a.arrivalAt,
      a.now,
    ]);
    await db.query('INSERT INTO ping_answers (ping_id, status, idempotency_key, arrival_at, answered_at) VALUES ($1, $2, $3, $4, $5)', [
      a.pingId,
      a.status,
      a.idempotencyKey,
      a.arrivalAt,
      a.now,
    ]);
  }

  /** Moves a dispatch's pings from some states to another (covered, cancelled), only those for `capability` when given; returns the ids moved. */
  async move(db: Db, dispatchId: string, from: readonly PingStatus[], to: PingStatus, capability?: Capability): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      'UPDATE pings SET status = $3 WHERE dispatch_id = $1 AND status = ANY($2::text[]) AND ($4::text IS NULL OR capability = $4) RETURNING id',
      [dispatchId, from, to, capability ?? null],
    );
    return rows.map((r) => r.id);
  }

  async idsWithStatus(db: Db, dispatchId: string, statuses: readonly PingStatus[]): Promise<string[]> {
    const rows = await db.query<{ id: string }>('SELECT id FROM pings WHERE dispatch_id = $1 AND status = ANY($2::text[])', [dispatchId, statuses]);
    return rows.map((r) => r.id);
  }

  /** Pings as their responders see them (with the sighting, the note, and who else is going). */
  async views(db: Db, ids: readonly string[]): Promise<Ping[]> {
    if (ids.length === 0) return [];
    return (await db.query<ViewRow>(`${SELECT_VIEW} WHERE p.id = ANY($1::uuid[])`, [ids])).map(toView);
  }

  async viewsForResponder(db: Db, responderId: string, limit: number): Promise<Ping[]> {
    return (await db.query<ViewRow>(`${SELECT_VIEW} WHERE p.responder_id = $1 ORDER BY p.created_at DESC LIMIT $2`, [responderId, limit])).map(toView);
  }

  /** The pings went out (sockets and push): the outbox need not send them again. */
  async markNotified(db: Db, ids: readonly string[], now: Date): Promise<void> {
    await db.query('UPDATE pings SET notified_at = $2 WHERE id = ANY($1::uuid[]) AND notified_at IS NULL', [ids, now]);
  }

  /**
   * Pings committed before `cutoff` that never went out because their sending process is gone (died before it sent
   * them): taken over by `sender` (locked for the caller's transaction, so two processes never send the same ones
   * at once). A live process's pings are left to it, however late they are under load.
   */
  async claimUnnotified(db: Db, cutoff: Date, limit: number, sender: number): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      `WITH senders AS MATERIALIZED (
         SELECT DISTINCT sender FROM pings WHERE notified_at IS NULL AND created_at < $1 AND sender IS NOT NULL
       ), gone AS MATERIALIZED (SELECT sender FROM senders WHERE ${processGone('sender')}),
       taken AS (
         SELECT id FROM pings
          WHERE notified_at IS NULL AND created_at < $1 AND (sender IS NULL OR sender IN (SELECT sender FROM gone))
          ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE pings p SET sender = $3 FROM taken WHERE p.id = taken.id RETURNING p.id`,
      [cutoff, limit, sender],
    );
    return rows.map((r) => r.id);
  }
}
