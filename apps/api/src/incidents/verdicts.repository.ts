import type { PingStatus } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

type PingForVerdict = { responderId: string; status: PingStatus; incidentId: string; alias: string };

@Injectable()
export class VerdictsRepository {
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
    await db.query(
      `INSERT INTO sightings (incident_id, location, observed_at, reported_at, channel, activity, agency, location_description,
                              notes, zone_ids, reported_by, confirms, agents, vehicles, uniform, equipment)
       SELECT $1, coalesce(ST_SetSRID(ST_MakePoint($2, $3), 4326), s.location), $4, $4, 'responder', s.activity, s.agency,
              s.location_description, $5, coalesce($6::uuid[], s.zone_ids), $7, $8, s.agents, s.vehicles, s.uniform, s.equipment
         FROM sightings s WHERE s.incident_id = $1 ORDER BY s.observed_at DESC, s.reported_at DESC LIMIT 1`,
      [v.incidentId, v.point?.[0] ?? null, v.point?.[1] ?? null, v.now, v.note, v.zoneIds, v.responderUserId, v.confirms],
    );
  }
}
