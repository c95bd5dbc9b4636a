import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

/** Road classes drawn at each zoom: majors first, everything from z14. */
export function roadClassesAt(z: number): string[] {
  if (z < 11) return ['motorway', 'trunk', 'primary'];
  if (z < 12) return ['motorway', 'trunk', 'primary', 'secondary'];
  if (z < 13) return ['motorway', 'trunk', 'primary', 'secondary', 'tertiary'];
  if (z < 14) return ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'minor'];
  return ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'minor', 'service', 'path'];
}

/**
 * One Mapbox Vector Tile straight from PostGIS: layers water, waterways, parks, buildings (z14+), roads
 * (by class as zoom allows), places (z13+, localities from z10). Geometries are clipped to the tile with a
 * 64-unit buffer so lines and labels join across tile edges.
 */
const TILE_SQL = `
  WITH b AS (SELECT ST_TileEnvelope($1, $2, $3) AS e, ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096) AS m)
  SELECT
    coalesce((SELECT ST_AsMVT(t, 'water', 4096, 'g') FROM (
      SELECT ST_AsMVTGeom(a.geom, b.e, 4096, 64, true) AS g FROM map.areas a WHERE a.kind = 'water' AND a.geom && b.m) t), '')
    || coalesce((SELECT ST_AsMVT(t, 'waterways', 4096, 'g') FROM (
      SELECT w.name, ST_AsMVTGeom(w.geom, b.e, 4096, 64, true) AS g FROM map.waterways w WHERE $1 >= 12 AND w.geom && b.m) t), '')
    || coalesce((SELECT ST_AsMVT(t, 'parks', 4096, 'g') FROM (
      SELECT a.name, ST_AsMVTGeom(a.geom, b.e, 4096, 64, true) AS g FROM map.areas a WHERE a.kind = 'park' AND a.geom && b.m) t), '')
    || coalesce((SELECT ST_AsMVT(t, 'buildings', 4096, 'g') FROM (
      SELECT ST_AsMVTGeom(a.geom, b.e, 4096, 64, true) AS g FROM map.areas a WHERE $1 >= 14 AND a.kind = 'building' AND a.geom && b.m) t), '')
    || coalesce((SELECT ST_AsMVT(t, 'roads', 4096, 'g') FROM (
      SELECT r.class, coalesce(r.label, r.name) AS name, r.bridge, ST_AsMVTGeom(r.geom, b.e, 4096, 64, true) AS g
        FROM map.roads r WHERE r.class = ANY($4) AND r.geom && b.m) t), '')
    || coalesce((SELECT ST_AsMVT(t, 'places', 4096, 'g') FROM (
      SELECT p.name, p.category, ST_AsMVTGeom(p.geom, b.e, 4096, 64, true) AS g
        FROM map.places p WHERE ($1 >= 13 OR p.category = 'locality') AND p.geom && b.m) t), '') AS tile
  FROM b`;

@Injectable()
export class TilesRepository {
  async tile(db: Db, z: number, x: number, y: number): Promise<Buffer> {
    const [row] = await db.query<{ tile: Buffer }>(TILE_SQL, [z, x, y, roadClassesAt(z)]);
    return row!.tile;
  }
}
