import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The imported street map: pg_trgm for typo-tolerant search, and one row saying which import is live.
 * The map itself lives in the `map` schema, written whole by `map:import` and swapped in at once.
 * Responders' aliases become unique regardless of case: two "Colibrí" on one roster confuse a dispatch.
 */
export class MapData1765100000000 implements MigrationInterface {
  name = 'MapData1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(
      `CREATE TABLE "map_meta" ("id" smallint NOT NULL DEFAULT '1', "version" integer NOT NULL, "source" text NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL, "bbox" double precision array NOT NULL, "counts" jsonb NOT NULL, CONSTRAINT "CHK_map_meta_single" CHECK ("id" = 1), CONSTRAINT "PK_map_meta" PRIMARY KEY ("id"))`,
    );
    // A roster that already has the same alias twice keeps the first and numbers the others ("Colibrí 2").
    await q.query(
      `UPDATE "responders" r SET "alias" = r."alias" || ' ' || d.n
         FROM (SELECT "id", row_number() OVER (PARTITION BY lower("alias") ORDER BY "updated_at", "id") AS n FROM "responders") d
        WHERE d."id" = r."id" AND d.n > 1`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_responders_alias" ON "responders" (lower("alias"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "UQ_responders_alias"`);
    await q.query(`DROP TABLE "map_meta"`);
    await q.query(`DROP SCHEMA IF EXISTS "map" CASCADE`);
    await q.query(`DROP SCHEMA IF EXISTS "map_staging" CASCADE`);
  }
}
