import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Several API processes on one database: versions of what processes cache (zones, the roster), live locations in
 * an UNLOGGED table (no WAL; sealed), socket.io's attachments for large cross-process messages (UNLOGGED, sealed),
 * and pings' delivery mark (a ping that committed is delivered even if its process died right after).
 */
export class Cluster1765000300000 implements MigrationInterface {
  name = 'Cluster1765000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "cluster_versions" ("topic" text NOT NULL, "version" bigint NOT NULL DEFAULT 0, CONSTRAINT "PK_cluster_versions" PRIMARY KEY ("topic"))`,
    );
    await q.query(`INSERT INTO "cluster_versions" ("topic") VALUES ('zones'), ('responders')`);
    await q.query(
      `CREATE UNLOGGED TABLE "live_locations" ("responder_id" uuid NOT NULL, "sealed" bytea NOT NULL, "sealed_key" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_live_locations" PRIMARY KEY ("responder_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_live_locations_updated_at" ON "live_locations" ("updated_at")`);
    await q.query(
      `ALTER TABLE "live_locations" ADD CONSTRAINT "FK_live_locations_responder" FOREIGN KEY ("responder_id") REFERENCES "responders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `CREATE UNLOGGED TABLE "socket_io_attachments" ("id" bigserial NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "payload" bytea NOT NULL, CONSTRAINT "PK_socket_io_attachments" PRIMARY KEY ("id"))`,
    );
    await q.query(`ALTER TABLE "pings" ADD "notified_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`UPDATE "pings" SET "notified_at" = "created_at"`);
    await q.query(`CREATE INDEX "IDX_pings_unnotified" ON "pings" ("created_at") WHERE "notified_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_pings_unnotified"`);
    await q.query(`ALTER TABLE "pings" DROP COLUMN "notified_at"`);
    await q.query(`DROP TABLE "socket_io_attachments"`);
    await q.query(`DROP TABLE "live_locations"`);
    await q.query(`DROP TABLE "cluster_versions"`);
  }
}
