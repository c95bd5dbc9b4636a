import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `incidents.other_agency` is free text that may name people ("Officer J. Smith badge 4411"), kept with the record: it
 * becomes a sealed column beside `debrief`, under the row's `sealed_key`. Existing text is moved to `legacy_plaintext`,
 * which the API seals into place at its next start and empties (see SealedRecords).
 */
export class SealedOtherAgency1765596000000 implements MigrationInterface {
  name = 'SealedOtherAgency1765596000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO "legacy_plaintext" ("table_name", "row_id", "column_name", "value") SELECT 'incidents', "id", 'other_agency', "other_agency" FROM "incidents" WHERE "other_agency" <> ''`,
    );
    await q.query(`ALTER TABLE "incidents" ALTER COLUMN "other_agency" DROP DEFAULT`);
    await q.query(`ALTER TABLE "incidents" ALTER COLUMN "other_agency" DROP NOT NULL`);
    await q.query(`ALTER TABLE "incidents" ALTER COLUMN "other_agency" TYPE bytea USING NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Sealed text cannot be read back here (the keys live outside the database): it comes back empty.
    await q.query(`DELETE FROM "legacy_plaintext" WHERE "table_name" = 'incidents' AND "column_name" = 'other_agency'`);
    await q.query(`ALTER TABLE "incidents" ALTER COLUMN "other_agency" TYPE text USING ''`);
    await q.query(`ALTER TABLE "incidents" ALTER COLUMN "other_agency" SET DEFAULT ''`);
    await q.query(`ALTER TABLE "incidents" ALTER COLUMN "other_agency" SET NOT NULL`);
  }
}
