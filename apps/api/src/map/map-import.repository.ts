import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';
import type pg from 'pg';

/** The schema an import is written to before it is swapped in; the live map is `map`. */
export const STAGING = 'map_staging';
export const LIVE = 'map';
/** The cluster topic every API process follows to switch to a newly imported map. */
export const MAP_TOPIC = 'map';
const IMPORT_LOCK = 74_612;

export type NameRow = { name: string };
export type StreetNameRow = { name: string; key: string; core: string; short: string; abbrev: string };
export type PlaceNameRow = { name: string; norm: string };
export type ImportCounts = { streets: number; streetSegments: number; intersections: number; addresses: number; places: number };

/**
 * The SQL of an import: staging schema, the search tables derived from what osm2pgsql wrote (streets by
 * name, intersections, addresses with interpolations expanded, places), and the swap. Runs on one
 * dedicated connection (DDL, a session lock), never on the pool's prepared statements.
 */
@Injectable()
export class MapImportRepository {
  /** One import at a time across every process; false when another one holds the lock. */
  async lock(db: pg.ClientBase): Promise<boolean> {
    const { rows } = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [IMPORT_LOCK]);
    return rows[0]!.locked;
  }

  async unlock(db: pg.ClientBase): Promise<void> {
    await db.query('SELECT pg_advisory_unlock($1)', [IMPORT_LOCK]);
  }

  async resetStaging(db: pg.ClientBase): Promise<void> {
    await db.query(`DROP SCHEMA IF EXISTS ${STAGING} CASCADE`);
    await db.query(`CREATE SCHEMA ${STAGING}`);
  }

  async dropStaging(db: pg.ClientBase): Promise<void> {
    await db.query(`DROP SCHEMA IF EXISTS ${STAGING} CASCADE`);
  }

  /** Every street name the extract uses: on roads, addresses, interpolations and places. */
  async streetNames(db: pg.ClientBase): Promise<string[]> {
    const { rows } = await db.query<NameRow>(`
      SELECT name FROM ${STAGING}.roads WHERE name IS NOT NULL
      UNION SELECT street FROM ${STAGING}.addresses WHERE street IS NOT NULL
      UNION SELECT street FROM ${STAGING}.interpolations WHERE street IS NOT NULL
      UNION SELECT street FROM ${STAGING}.places WHERE street IS NOT NULL`);
    return rows.map((r) => r.name);
  }

  async placeNames(db: pg.ClientBase): Promise<string[]> {
    const { rows } = await db.query<NameRow>(`SELECT DISTINCT name FROM ${STAGING}.places WHERE name IS NOT NULL`);
    return rows.map((r) => r.name);
  }

  /** Builds streets (one per normalized name), and links road segments to them. */
  async buildStreets(db: pg.ClientBase, names: StreetNameRow[]): Promise<void> {
    await db.query(
      `CREATE TABLE ${STAGING}.street_names (name text PRIMARY KEY, key text NOT NULL, core text NOT NULL, short text NOT NULL, abbrev text NOT NULL)`,
    );
    await db.query(
      `INSERT INTO ${STAGING}.street_names SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING`,
      [names.map((n) => n.name), names.map((n) => n.key), names.map((n) => n.core), names.map((n) => n.short), names.map((n) => n.abbrev)],
    );
    await db.query(`
      CREATE TABLE ${STAGING}.streets AS
      SELECT (row_number() OVER (ORDER BY n.key))::int AS id, n.key, min(n.core) AS core,
             mode() WITHIN GROUP (ORDER BY n.short) AS short, mode() WITHIN GROUP (ORDER BY n.abbrev) AS abbrev,
             ST_Transform(ST_Multi(ST_Collect(r.geom)), 4326)::geometry(MultiLineString, 4326) AS geom
        FROM ${STAGING}.roads r JOIN ${STAGING}.street_names n ON n.name = r.name
       GROUP BY n.key`);
    await db.query(`ALTER TABLE ${STAGING}.streets ADD PRIMARY KEY (id)`);
    await db.query(`CREATE INDEX ON ${STAGING}.streets USING gin (core gin_trgm_ops)`);
    await db.query(`CREATE INDEX ON ${STAGING}.streets USING gist (geom)`);
    await db.query(`CREATE INDEX ON ${STAGING}.streets (key)`);
    await db.query(`ALTER TABLE ${STAGING}.roads ADD COLUMN street_id int, ADD COLUMN label text`);
    await db.query(`
      UPDATE ${STAGING}.roads r SET street_id = s.id, label = n.abbrev
        FROM ${STAGING}.street_names n JOIN ${STAGING}.streets s ON s.key = n.key
       WHERE n.name = r.name`);
    await db.query(`CREATE INDEX ON ${STAGING}.roads (street_id)`);
  }

  /**
   * Where two differently named streets meet: the geometric crossings of their segments, except a bridge or
   * tunnel crossing a street at another level. Crossings of one pair within ~40 m are one intersection.
   * Stored both ways round (a, b) and (b, a) so a search joins on either order directly.
   */
  async buildIntersections(db: pg.ClientBase): Promise<void> {
    await db.query(`
      CREATE TABLE ${STAGING}.intersections AS
      WITH hits AS (
        SELECT a.street_id AS a, b.street_id AS b, (ST_Dump(ST_Intersection(a.geom, b.geom))).geom AS g
          FROM ${STAGING}.roads a JOIN ${STAGING}.roads b
            ON a.geom && b.geom AND a.street_id < b.street_id AND ST_Intersects(a.geom, b.geom)
         WHERE a.bridge IS NOT DISTINCT FROM b.bridge AND a.tunnel IS NOT DISTINCT FROM b.tunnel
      ), points AS (
        SELECT a, b, CASE WHEN GeometryType(g) = 'POINT' THEN g ELSE ST_StartPoint(g) END AS g FROM hits
      ), clustered AS (
        SELECT a, b, g, ST_ClusterDBSCAN(g, 40, 1) OVER (PARTITION BY a, b) AS c FROM points
      )
      SELECT a AS street_a, b AS street_b, ST_Transform(ST_Centroid(ST_Collect(g)), 4326)::geometry(Point, 4326) AS geom
        FROM clustered GROUP BY a, b, c`);
    await db.query(`INSERT INTO ${STAGING}.intersections SELECT street_b, street_a, geom FROM ${STAGING}.intersections`);
    await db.query(`CREATE INDEX ON ${STAGING}.intersections (street_a, street_b)`);
    await db.query(`CREATE INDEX ON ${STAGING}.intersections USING gist (geom)`);
  }

  /** Address points, with interpolation lines expanded into the numbers between their ends. */
  async buildAddresses(db: pg.ClientBase): Promise<void> {
    await db.query(`
      CREATE TABLE ${STAGING}.address_points AS
      SELECT s.id AS street_id, a.housenumber, substring(a.housenumber FROM '^[0-9]+')::int AS number,
             ST_Transform(a.geom, 4326)::geometry(Point, 4326) AS geom
        FROM ${STAGING}.addresses a
        LEFT JOIN ${STAGING}.street_names n ON n.name = a.street LEFT JOIN ${STAGING}.streets s ON s.key = n.key`);
    await db.query(`
      INSERT INTO ${STAGING}.address_points (street_id, housenumber, number, geom)
      SELECT s.id, k::text, k, ST_Transform(ST_LineInterpolatePoint(i.geom, (k - first.n)::float / (last.n - first.n)), 4326)
        FROM ${STAGING}.interpolations i
        JOIN LATERAL (SELECT substring(housenumber FROM '^[0-9]+')::int AS n, street FROM ${STAGING}.addresses a
                       WHERE ST_DWithin(a.geom, ST_StartPoint(i.geom), 1) LIMIT 1) first ON first.n IS NOT NULL
        JOIN LATERAL (SELECT substring(housenumber FROM '^[0-9]+')::int AS n FROM ${STAGING}.addresses a
                       WHERE ST_DWithin(a.geom, ST_EndPoint(i.geom), 1) LIMIT 1) last ON last.n IS NOT NULL
        LEFT JOIN ${STAGING}.street_names n ON n.name = coalesce(i.street, first.street)
        LEFT JOIN ${STAGING}.streets s ON s.key = n.key
        CROSS JOIN LATERAL generate_series(least(first.n, last.n) + CASE i.interpolation WHEN 'all' THEN 1 ELSE 2 END,
                                           greatest(first.n, last.n) - 1, CASE i.interpolation WHEN 'all' THEN 1 ELSE 2 END) AS k
       WHERE i.interpolation IN ('odd', 'even', 'all') AND first.n <> last.n AND abs(last.n - first.n) <= 2000`);
    // Addresses whose street is not named like any road (or only has addr:place): the nearest named road.
    await db.query(`
      UPDATE ${STAGING}.address_points p SET street_id = (
        SELECT r.street_id FROM ${STAGING}.roads r WHERE r.street_id IS NOT NULL
         ORDER BY r.geom <-> ST_Transform(p.geom, 3857) LIMIT 1)
       WHERE p.street_id IS NULL`);
    await db.query(`CREATE INDEX ON ${STAGING}.address_points (street_id, number)`);
    await db.query(`CREATE INDEX ON ${STAGING}.address_points USING gist (geom)`);
    await db.query(`DROP TABLE ${STAGING}.addresses, ${STAGING}.interpolations`);
  }

  /** Places get a folded name to search and the street they are on (the nearest within 150 m). */
  async buildPlaces(db: pg.ClientBase, names: PlaceNameRow[]): Promise<void> {
    await db.query(`ALTER TABLE ${STAGING}.places ADD COLUMN norm text NOT NULL DEFAULT '', ADD COLUMN street_id int,
                    ADD COLUMN location geometry(Point, 4326)`);
    await db.query(`UPDATE ${STAGING}.places p SET norm = n.norm FROM unnest($1::text[], $2::text[]) AS n(name, norm) WHERE p.name = n.name`, [
      names.map((n) => n.name),
      names.map((n) => n.norm),
    ]);
    await db.query(`
      UPDATE ${STAGING}.places p SET location = ST_Transform(p.geom, 4326), street_id = (
        SELECT r.street_id FROM ${STAGING}.roads r WHERE r.street_id IS NOT NULL AND ST_DWithin(r.geom, p.geom, 150)
         ORDER BY r.geom <-> p.geom LIMIT 1)`);
    await db.query(`CREATE INDEX ON ${STAGING}.places USING gin (norm gin_trgm_ops)`);
    await db.query(`CREATE INDEX ON ${STAGING}.places USING gist (location)`);
    await db.query(`CREATE INDEX ON ${STAGING}.places (category)`);
    await db.query(`CREATE INDEX ON ${STAGING}.roads USING gist (geom) WHERE street_id IS NOT NULL`);
  }

  async counts(db: pg.ClientBase): Promise<ImportCounts> {
    const { rows } = await db.query<ImportCounts>(`SELECT
      (SELECT count(*) FROM ${STAGING}.streets)::int AS streets,
      (SELECT count(*) FROM ${STAGING}.roads)::int AS "streetSegments",
      (SELECT count(*) / 2 FROM ${STAGING}.intersections)::int AS intersections,
      (SELECT count(*) FROM ${STAGING}.address_points)::int AS addresses,
      (SELECT count(*) FROM ${STAGING}.places)::int AS places`);
    return rows[0]!;
  }

  /** [west, south, east, north] of the roads, or null when the extract has none. */
  async bbox(db: pg.ClientBase): Promise<[number, number, number, number] | null> {
    const { rows } = await db.query<{ w: number | null; s: number; e: number; n: number }>(`
      SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n
        FROM (SELECT ST_Transform(ST_SetSRID(ST_Extent(geom)::geometry, 3857), 4326) AS b FROM ${STAGING}.roads) x`);
    const r = rows[0]!;
    return r.w === null ? null : [r.w, r.s, r.e, r.n];
  }

  async analyze(db: pg.ClientBase): Promise<void> {
    for (const table of ['roads', 'areas', 'waterways', 'streets', 'intersections', 'address_points', 'places']) {
      await db.query(`ANALYZE ${STAGING}.${table}`);
    }
  }

  /** In one transaction: the staging schema becomes the live map, the version moves, and every process is told. */
  async swap(
    db: pg.ClientBase,
    meta: { source: string; bbox: number[]; counts: ImportCounts; at: Date },
    tell: (db: Db, version: number) => Promise<void>,
  ): Promise<number> {
    await db.query('BEGIN');
    try {
      await db.query(`SET LOCAL lock_timeout = '30s'`);
      await db.query(`DROP SCHEMA IF EXISTS ${LIVE} CASCADE`);
      await db.query(`ALTER SCHEMA ${STAGING} RENAME TO ${LIVE}`);
      const { rows } = await db.query<{ version: number }>(
        `INSERT INTO map_meta (id, version, source, imported_at, bbox, counts) VALUES (1, 1, $1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET version = map_meta.version + 1, source = $1, imported_at = $2, bbox = $3, counts = $4
         RETURNING version`,
        [meta.source, meta.at, meta.bbox, JSON.stringify(meta.counts)],
      );
      const version = rows[0]!.version;
      await tell(
        { query: async <Row extends object>(sql: string, params?: readonly unknown[]) => (await db.query<Row>(sql, params as unknown[])).rows },
        version,
      );
      await db.query('COMMIT');
      return version;
    } catch (error) {
      await db.query('ROLLBACK');
      throw error;
    }
  }
}
