import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The street map is one more topic processes keep in step with (its import's version). */
export class MapTopic1765000400000 implements MigrationInterface {
  name = 'MapTopic1765000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO "cluster_versions" ("topic") VALUES ('map') ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "cluster_versions" WHERE "topic" = 'map'`);
  }
}
