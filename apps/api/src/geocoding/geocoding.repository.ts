import type { PlaceCategory } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

/** A point to measure from (the map view's centre, or the network's area). */
export type Bias = { lon: number; lat: number };

export type IntersectionRow = { a: string; b: string; lon: number; lat: number; sim: number; meters: number };
export type AddressRow = { street: string; streetId: number; housenumber: string; number: number; lon: number; lat: number; sim: number; meters: number };
export type PlaceRow = { name: string | null; category: PlaceCategory; street: string | null; lon: number; lat: number; sim: number; meters: number };
export type StreetRow = { name: string; lon: number; lat: number; sim: number; meters: number };
export type ReverseRow = {
  a: string | null;
  b: string | null;
  ilon: number | null;
  ilat: number | null;
  imeters: number | null;
  street: string | null;
  slon: number | null;
  slat: number | null;
  smeters: number | null;
  address: string | null;
  ameters: number | null;
};

/** Streets whose core name is like `$n` (trigram similarity, typo-tolerant), best first. */
const streetsLike = (param: string, limit: number) => `
  SELECT id, greatest(similarity(core, ${param}), word_similarity(${param}, core)) AS sim
    FROM map.streets WHERE core % ${param} OR ${param} <% core
   ORDER BY sim DESC LIMIT ${limit}`;

const BIAS = 'ST_SetSRID(ST_MakePoint($2, $3), 4326)';
const metersFrom = (geom: string) => `ST_Distance(${geom}::geography, ${BIAS}::geography)`;
/** Nearer is better: up to 0.3 taken off for answers 15 km or more from the bias point. */
const rank = (sim: string, meters: string) => `(${sim}) - least(0.3, (${meters}) / 50000.0)`;

/** Search over the imported map (schema `map`): every statement is parameterised, ranked, and limited. */
@Injectable()
export class GeocodingRepository {
  /** Where a street like `a` crosses a street like `b`. */
  async intersections(db: Db, a: string, b: string, bias: Bias, limit: number): Promise<IntersectionRow[]> {
    return db.query(
      `WITH a AS (${streetsLike('$1', 6)}), b AS (${streetsLike('$4', 6)})
       SELECT sa.short AS a, sb.short AS b, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, (a.sim + b.sim) / 2 AS sim, ${metersFrom('i.geom')} AS meters
         FROM map.intersections i JOIN a ON i.street_a = a.id JOIN b ON i.street_b = b.id
         JOIN map.streets sa ON sa.id = a.id JOIN map.streets sb ON sb.id = b.id
        ORDER BY ${rank('(a.sim + b.sim) / 2', metersFrom('i.geom'))} DESC LIMIT $5`,
      [a, bias.lon, bias.lat, b, limit],
    );
  }

  /** The address points on streets like `street` with the number at or next to `number` on each side. */
  async addresses(db: Db, street: string, number: number, bias: Bias): Promise<AddressRow[]> {
    return db.query(
      `WITH s AS (${streetsLike('$1', 4)})
       SELECT st.abbrev AS street, st.id AS "streetId", p.housenumber, p.number, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, s.sim,
              ${metersFrom('p.geom')} AS meters
         FROM s JOIN map.streets st ON st.id = s.id
        CROSS JOIN LATERAL (
          (SELECT * FROM map.address_points p WHERE p.street_id = s.id AND p.number >= $4 ORDER BY p.number LIMIT 1)
          UNION ALL
          (SELECT * FROM map.address_points p WHERE p.street_id = s.id AND p.number < $4 ORDER BY p.number DESC LIMIT 1)) p`,
      [street, bias.lon, bias.lat, number],
    );
  }

  /** Places named like `text`, or of one of `categories`, optionally within ~100 m of a street like `street`. */
  async places(db: Db, text: string, categories: PlaceCategory[], street: string | null, bias: Bias, limit: number): Promise<PlaceRow[]> {
    const sim = `CASE WHEN p.norm = '' THEN 0 ELSE greatest(similarity(p.norm, $1), word_similarity($1, p.norm)) END
                 + CASE WHEN p.category = ANY($4) THEN 0.4 ELSE 0 END`;
    const near = street
      ? `AND EXISTS (SELECT 1 FROM (${streetsLike('$6', 3)}) s JOIN map.streets st ON st.id = s.id WHERE ST_DWithin(p.location, st.geom, 0.001))`
      : 'AND $6::text IS NULL';
    return db.query(
      `SELECT p.name, p.category, s.short AS street, ST_X(p.location) AS lon, ST_Y(p.location) AS lat, ${sim} AS sim, ${metersFrom('p.location')} AS meters
         FROM map.places p LEFT JOIN map.streets s ON s.id = p.street_id
        WHERE (p.norm % $1 OR $1 <% p.norm OR p.category = ANY($4)) AND p.category <> 'locality' ${near}
        ORDER BY ${rank(sim, metersFrom('p.location'))} DESC LIMIT $5`,
      [text, bias.lon, bias.lat, categories, limit, street],
    );
  }

  /** Streets named like `text`, at their point nearest the bias. */
  async streets(db: Db, text: string, bias: Bias, limit: number): Promise<StreetRow[]> {
    return db.query(
      `WITH s AS (${streetsLike('$1', 8)})
       SELECT st.short AS name, ST_X(c.p) AS lon, ST_Y(c.p) AS lat, s.sim, ${metersFrom('c.p')} AS meters
         FROM s JOIN map.streets st ON st.id = s.id CROSS JOIN LATERAL (SELECT ST_ClosestPoint(st.geom, ${BIAS}) AS p) c
        ORDER BY ${rank('s.sim', metersFrom('c.p'))} DESC LIMIT $4`,
      [text, bias.lon, bias.lat, limit],
    );
  }

  /**
   * The nearest intersection, named street and address to a point, in one round trip. Each nearest-neighbour
   * subquery orders by distance to the point written out as a constant expression, so PostgreSQL walks the GiST index
   * (`<->` against a joined row would sort the whole table).
   */
  async reverse(db: Db, at: Bias): Promise<ReverseRow> {
    const PT = 'ST_SetSRID(ST_MakePoint($1, $2), 4326)';
    const PT_3857 = `ST_Transform(${PT}, 3857)`;
    const [row] = await db.query<ReverseRow>(
      `WITH i AS (SELECT i.street_a, i.street_b, i.geom FROM map.intersections i WHERE i.street_a < i.street_b ORDER BY i.geom <-> ${PT} LIMIT 1),
       r AS (SELECT r.street_id, ST_Transform(ST_ClosestPoint(r.geom, ${PT_3857}), 4326) AS p
               FROM map.roads r WHERE r.street_id IS NOT NULL ORDER BY r.geom <-> ${PT_3857} LIMIT 1),
       a AS (SELECT p.housenumber, p.street_id, p.geom FROM map.address_points p ORDER BY p.geom <-> ${PT} LIMIT 1)
       SELECT sa.short AS a, sb.short AS b, ST_X(i.geom) AS ilon, ST_Y(i.geom) AS ilat, ST_Distance(i.geom::geography, ${PT}::geography) AS imeters,
              rs.short AS street, ST_X(r.p) AS slon, ST_Y(r.p) AS slat, ST_Distance(r.p::geography, ${PT}::geography) AS smeters,
              a.housenumber || ' ' || ast.abbrev AS address, ST_Distance(a.geom::geography, ${PT}::geography) AS ameters
         FROM (SELECT 1) AS one
         LEFT JOIN i ON true LEFT JOIN map.streets sa ON sa.id = i.street_a LEFT JOIN map.streets sb ON sb.id = i.street_b
         LEFT JOIN r ON true LEFT JOIN map.streets rs ON rs.id = r.street_id
         LEFT JOIN a ON true LEFT JOIN map.streets ast ON ast.id = a.street_id`,
      [at.lon, at.lat],
    );
    return row!;
  }
}
