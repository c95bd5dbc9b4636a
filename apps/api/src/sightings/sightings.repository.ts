import type { Activity, Agency, Bbox, Channel, Sighting, ZoneRef } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Point } from 'geojson';
import type { Db } from '../database/unit-of-work.js';
import { KeyRing } from '../crypto/key-ring.js';
import { sightingJson } from '../incidents/incidents.repository.js';
import { OPEN_RECORD, sealTexts } from '../crypto/sealing.js';

export type NewSighting = {
  incidentId: string;
  location: Point;
  observedAt: string;
  channel: Channel;
  agents: number | null;
  vehicles: number | null;
  activity: Activity;
  locationDescription: string;
  agency: Agency;
  uniform: string;
  equipment: string;
  notes: string;
  zoneIds: string[];
  reportedBy: string | null;
};

/** A stored sighting and the zones it fell in (by name, as they are called now). */
export type StoredSighting = { sighting: Sighting; zones: ZoneRef[] };

const SELECT_STORED = `
  SELECT ${sightingJson} AS sighting,
         coalesce((SELECT json_agg(json_build_object('id', z.id, 'name', z.name) ORDER BY z.name)
                     FROM zones z WHERE z.id = ANY(s.zone_ids)), '[]') AS zones
    FROM sightings s JOIN incidents i ON i.id = s.incident_id`;

@Injectable()
export class SightingsRepository {
  constructor(private readonly keys: KeyRing) {}

  /** Stores a sighting in its incident, its free text sealed; returns it as stored, with the incident's status. */
  async insert(db: Db, s: NewSighting): Promise<Sighting> {
    const [lon, lat] = s.location.coordinates;
    const { sealed, keyId } = sealTexts(this.keys, OPEN_RECORD, {
      locationDescription: s.locationDescription,
      uniform: s.uniform,
      equipment: s.equipment,
      notes: s.notes,
    });
    const [row] = await db.query<{ sighting: Sighting }>(
      `WITH s AS (
         INSERT INTO sightings (incident_id, location, observed_at, channel, agents, vehicles, activity, location_description,
                                agency, uniform, equipment, notes, zone_ids, reported_by, sealed_key)
         VALUES ($1, ST_SetSRID(ST_MakePoint($2, $3), 4326), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         RETURNING *)
       SELECT ${sightingJson} AS sighting FROM s JOIN incidents i ON i.id = s.incident_id`,
      [
        s.incidentId,
        lon,
        lat,
        s.observedAt,
        s.channel,
        s.agents,
        s.vehicles,
        s.activity,
        sealed.locationDescription,
        s.agency,
        sealed.uniform,
        sealed.equipment,
        sealed.notes,
        s.zoneIds,
        s.reportedBy,
        keyId,
      ],
    );
    return row!.sighting;
  }

  /** Sightings reported since a time, inside a box if given, newest first, with the zones they fell in. */
  async list(db: Db, query: { bbox?: Bbox | undefined; since: Date; limit: number }): Promise<StoredSighting[]> {
    const box = query.bbox ?? null;
    return db.query(
      `${SELECT_STORED}
        WHERE s.reported_at >= $1
          AND ($2::float8 IS NULL OR s.location && ST_MakeEnvelope($2, $3, $4, $5, 4326))
        ORDER BY s.reported_at DESC
        LIMIT $6`,
      [query.since, box?.[0] ?? null, box?.[1] ?? null, box?.[2] ?? null, box?.[3] ?? null, query.limit],
    );
  }

  async find(db: Db, id: string): Promise<StoredSighting | null> {
    const rows = await db.query<StoredSighting>(`${SELECT_STORED} WHERE s.id = $1`, [id]);
    return rows[0] ?? null;
  }
}
