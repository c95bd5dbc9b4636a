import type { PingStatus } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { KeyRing } from '../crypto/key-ring.js';
import type { Db } from '../database/unit-of-work.js';
import { OPEN_RECORD, sealTexts } from '../crypto/sealing.js';

type PingForVerdict = { responderId: string; status: PingStatus; incidentId: string; alias: string };

@Injectable()
export class VerdictsRepository {
  constructor(private readonly keys: KeyRing) {}

  /** A ping with what a verdict needs: whose it is, its state, its incident, the responder's alias. */
  async pingOnScene(db: Db, pingId: string): Promise<PingForVerdict | null> {
    const rows = await db.query<PingForVerdict>(
      `SELECT p.responder_id AS "responderId", p.status, d.incident_id AS "incidentId", r.alias
         FROM pings p JOIN dispatches d ON d.id = p.dispatch_id JOIN responders r ON r.id = p.responder_id WHERE p.id = $1`,
      [pingId],
    );
    return rows[0] ?? null;
  }

  /**
   * The verdict as a sighting by the responder on scene: at their live location if they share one, else at the
   * incident's latest sighting; SALUTE details carried over from that sighting.
   */
  async recordSighting(
    db: Db,
    v: { incidentId: string; point: [number, number] | null; zoneIds: string[] | null; responderUserId: string; confirms: boolean; note: string; now: Date },
  ): Promise<void> {
    // The copied SALUTE text stays sealed under its own key; the verdict's note joins it under that key.
    const [latest] = await db.query<{ sealedKey: string | null }>(
      `SELECT sealed_key AS "sealedKey" FROM sightings WHERE incident_id = $1 ORDER BY observed_at DESC, reported_at DESC LIMIT 1`,
      [v.incidentId],
    );
    const underLatest = latest?.sealedKey && v.note ? this.keys.sealUnder(latest.sealedKey, v.note) : null;
    const fresh = underLatest || !v.note ? null : sealTexts(this.keys, OPEN_RECORD, { note: v.note });
    const note = underLatest ?? fresh?.sealed.note ?? null;
    await db.query(
      `INSERT INTO sightings (incident_id, location, observed_at, reported_at, channel, activity, agency, location_description,
                              notes, zone_ids, reported_by, confirms, agents, vehicles, uniform, equipment, sealed_key)
       SELECT $1, coalesce(ST_SetSRID(ST_MakePoint($2, $3), 4326), s.location), $4, $4, 'responder', s.activity, s.agency,
              CASE WHEN $9::text IS NULL THEN s.location_description END, $5, coalesce($6::uuid[], s.zone_ids), $7, $8, s.agents, s.vehicles,
              CASE WHEN $9::text IS NULL THEN s.uniform END, CASE WHEN $9::text IS NULL THEN s.equipment END, coalesce($9, s.sealed_key)
         FROM sightings s WHERE s.incident_id = $1 ORDER BY s.observed_at DESC, s.reported_at DESC LIMIT 1`,
      [v.incidentId, v.point?.[0] ?? null, v.point?.[1] ?? null, v.now, note, v.zoneIds, v.responderUserId, v.confirms, fresh?.keyId ?? null],
    );
  }
}
