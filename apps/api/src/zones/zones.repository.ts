import type { Zone } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { MultiPolygon } from 'geojson';
import type { Db } from '../database/unit-of-work.js';

const SELECT_ZONE = `
  SELECT z.id, z.name, ST_AsGeoJSON(z.area)::json AS area, z.updated_at AS "updatedAt",
         coalesce(array_agg(zr.responder_id ORDER BY zr.responder_id) FILTER (WHERE zr.responder_id IS NOT NULL), '{}') AS "responderIds"
    FROM zones z LEFT JOIN zone_responders zr ON zr.zone_id = z.id`;

type ZoneRow = Omit<Zone, 'updatedAt'> & { updatedAt: Date };
const toZone = (row: ZoneRow): Zone => ({ ...row, updatedAt: row.updatedAt.toISOString() });

@Injectable()
export class ZonesRepository {
  async list(db: Db): Promise<Zone[]> {
    const rows: ZoneRow[] = await db.query(`${SELECT_ZONE} GROUP BY z.id ORDER BY z.name, z.id`);
    return rows.map(toZone);
  }

  async findById(db: Db, id: string): Promise<Zone | null> {
    const rows: ZoneRow[] = await db.query(`${SELECT_ZONE} WHERE z.id = $1 GROUP BY z.id`, [id]);
    return rows[0] ? toZone(rows[0]) : null;
  }

  /** Why PostGIS finds an area invalid (a hole outside its shell, overlapping parts…), or null if it is valid. */
  async invalidityReason(db: Db, area: MultiPolygon): Promise<string | null> {
    const [row] = await db.query<{ valid: boolean; reason: string }>(
      `SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason FROM (SELECT ST_GeomFromGeoJSON($1) AS g) AS given`,
      [JSON.stringify(area)],
    );
    return row!.valid ? null : row!.reason;
  }

  async insert(db: Db, zone: { name: string; area: MultiPolygon }): Promise<string> {
    const [row] = await db.query<{ id: string }>('INSERT INTO zones (name, area) VALUES ($1, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)) RETURNING id', [
      zone.name,
      JSON.stringify(zone.area),
    ]);
    return row!.id;
  }

  /** Updates what is given; false if there is no such zone. */
  async update(db: Db, id: string, changes: { name?: string | undefined; area?: MultiPolygon | undefined }): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `UPDATE zones
          SET name = coalesce($2, name),
              area = coalesce(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326), area),
              updated_at = now()
        WHERE id = $1 RETURNING id`,
      [id, changes.name ?? null, changes.area ? JSON.stringify(changes.area) : null],
    );
    return rows.length > 0;
  }

  async delete(db: Db, id: string): Promise<boolean> {
    const rows: unknown[] = await db.query('DELETE FROM zones WHERE id = $1 RETURNING id', [id]);
    return rows.length > 0;
  }

  /** The ids among `responderIds` that name no responder. */
  async unknownResponders(db: Db, responderIds: readonly string[]): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      'SELECT id FROM unnest($1::uuid[]) AS given(id) WHERE NOT EXISTS (SELECT 1 FROM responders r WHERE r.id = given.id)',
      [responderIds],
    );
    return rows.map((r) => r.id);
  }

  /** The ids among `zoneIds` that name no zone. */
  async unknownZones(db: Db, zoneIds: readonly string[]): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      'SELECT id FROM unnest($1::uuid[]) AS given(id) WHERE NOT EXISTS (SELECT 1 FROM zones z WHERE z.id = given.id)',
      [zoneIds],
    );
    return rows.map((r) => r.id);
  }

  /** Puts one responder in exactly these zones; returns every zone whose membership changed. */
  async setZonesOfResponder(db: Db, responderId: string, zoneIds: readonly string[]): Promise<string[]> {
    const removed = await db.query<{ zone_id: string }>(
      'DELETE FROM zone_responders WHERE responder_id = $1 AND NOT (zone_id = ANY($2::uuid[])) RETURNING zone_id',
      [responderId, zoneIds],
    );
    const added = await db.query<{ zone_id: string }>(
      'INSERT INTO zone_responders (zone_id, responder_id) SELECT unnest($2::uuid[]), $1 ON CONFLICT DO NOTHING RETURNING zone_id',
      [responderId, zoneIds],
    );
    const changed = [...new Set([...removed, ...added].map((r) => r.zone_id))];
    if (changed.length > 0) await db.query('UPDATE zones SET updated_at = now() WHERE id = ANY($1::uuid[])', [changed]);
    return changed;
  }

  /** Zones touching or within `meters` of any of `zoneIds` (not those zones themselves). */
  async neighbours(db: Db, zoneIds: readonly string[], meters: number): Promise<string[]> {
    if (zoneIds.length === 0) return [];
    const rows = await db.query<{ id: string }>(
      `SELECT DISTINCT n.id FROM zones z JOIN zones n ON n.id <> z.id AND ST_DWithin(n.area::geography, z.area::geography, $2)
        WHERE z.id = ANY($1::uuid[]) AND NOT (n.id = ANY($1::uuid[]))`,
      [zoneIds, meters],
    );
    return rows.map((r) => r.id);
  }

  /** Replaces the zone's responders with exactly `responderIds`. */
  async setResponders(db: Db, zoneId: string, responderIds: readonly string[]): Promise<void> {
    await db.query('DELETE FROM zone_responders WHERE zone_id = $1 AND NOT (responder_id = ANY($2::uuid[]))', [zoneId, responderIds]);
    await db.query(`INSERT INTO zone_responders (zone_id, responder_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [zoneId, responderIds]);
    await db.query('UPDATE zones SET updated_at = now() WHERE id = $1', [zoneId]);
  }
}
