import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Free-text columns that may hold personal data, sealed from now on (bytea envelopes, see KeyRing). */
const SEALED: [table: string, columns: string[]][] = [
  ['sightings', ['location_description', 'uniform', 'equipment', 'notes']],
  ['witnesses', ['contact', 'note']],
  ['follow_ups', ['note']],
  ['dispatches', ['note']],
  ['incidents', ['debrief']],
];

/**
 * Crypto-shredding for the record: free text that may name or locate people becomes bytea sealed under keys kept
 * outside PostgreSQL, each row naming its key in `sealed_key`; photos are sealed on disk. Existing plaintext is
 * moved to `legacy_plaintext`, which the API seals into place at its next start and empties. Purged incidents
 * leave a de-identified digest (for the network's numbers).
 */
export class SealedRecords1765000200000 implements MigrationInterface {
  name = 'SealedRecords1765000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "legacy_plaintext" ("table_name" text NOT NULL, "row_id" uuid NOT NULL, "column_name" text NOT NULL, "value" text NOT NULL, CONSTRAINT "PK_legacy_plaintext" PRIMARY KEY ("table_name", "row_id", "column_name"))`,
    );
    for (const [table, columns] of SEALED) {
      for (const column of columns) {
        await q.query(
          `INSERT INTO "legacy_plaintext" ("table_name", "row_id", "column_name", "value") SELECT '${table}', "id", '${column}', "${column}" FROM "${table}" WHERE "${column}" <> ''`,
        );
        await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" DROP DEFAULT`);
        await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" DROP NOT NULL`);
        await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE bytea USING NULL`);
      }
      await q.query(`ALTER TABLE "${table}" ADD "sealed_key" text`);
    }
    await q.query(`ALTER TABLE "incident_log" ADD "sealed_key" text`);
    await q.query(`ALTER TABLE "media" ADD "sealed_key" text`);
    await q.query(
      `CREATE TABLE "incident_digests" ("id" uuid NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "left_live_at" TIMESTAMP WITH TIME ZONE, "outcome" text NOT NULL, "confirmed" boolean NOT NULL, "drill" boolean NOT NULL DEFAULT false, "zone_ids" uuid array NOT NULL, "sightings" integer NOT NULL, "channels" jsonb NOT NULL, "first_ping_seconds" double precision, "first_accept_seconds" double precision, "on_scene_seconds" double precision, "purged_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_incident_digests" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_incident_digests_opened_at" ON "incident_digests" ("opened_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "incident_digests"`);
    await q.query(`ALTER TABLE "media" DROP COLUMN "sealed_key"`);
    await q.query(`ALTER TABLE "incident_log" DROP COLUMN "sealed_key"`);
    for (const [table, columns] of SEALED) {
      await q.query(`ALTER TABLE "${table}" DROP COLUMN "sealed_key"`);
      for (const column of columns) {
        // Sealed text cannot be read back here (the keys live outside the database): it comes back empty.
        await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE text USING ''`);
        if (column !== 'contact') await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" SET DEFAULT ''`);
        await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" SET NOT NULL`);
      }
    }
    await q.query(`DROP TABLE "legacy_plaintext"`);
  }
}
