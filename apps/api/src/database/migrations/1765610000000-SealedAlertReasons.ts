import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reason an approver gives for sending an alert back is free text about a live incident ("that is Rosa's house, do
 * not name the street"): it becomes a sealed column under the row's `sealed_key` ("alert-reason" keys, destroyed
 * ALERT_DRAFT_RETENTION_DAYS after the decision). Existing reasons move to `legacy_plaintext`, which the API seals into
 * place at its next start (AlertsRetention). The log's copy of the reason goes: the approval keeps the only one.
 */
export class SealedAlertReasons1765610000000 implements MigrationInterface {
  name = 'SealedAlertReasons1765610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO "legacy_plaintext" ("table_name", "row_id", "column_name", "value") SELECT 'alert_approvals', "id", 'reason', "reason" FROM "alert_approvals" WHERE "reason" <> ''`,
    );
    await q.query(`ALTER TABLE "alert_approvals" ALTER COLUMN "reason" DROP DEFAULT`);
    await q.query(`ALTER TABLE "alert_approvals" ALTER COLUMN "reason" DROP NOT NULL`);
    await q.query(`ALTER TABLE "alert_approvals" ALTER COLUMN "reason" TYPE bytea USING NULL`);
    await q.query(`ALTER TABLE "alert_approvals" ADD "sealed_key" text`);
    await q.query(`UPDATE "alert_log" SET "detail" = "detail" - 'reason' WHERE "kind" = 'rejected'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Sealed text cannot be read back here (the keys live outside the database): it comes back empty.
    await q.query(`DELETE FROM "legacy_plaintext" WHERE "table_name" = 'alert_approvals'`);
    await q.query(`ALTER TABLE "alert_approvals" DROP COLUMN "sealed_key"`);
    await q.query(`ALTER TABLE "alert_approvals" ALTER COLUMN "reason" TYPE text USING ''`);
    await q.query(`ALTER TABLE "alert_approvals" ALTER COLUMN "reason" SET DEFAULT ''`);
    await q.query(`ALTER TABLE "alert_approvals" ALTER COLUMN "reason" SET NOT NULL`);
  }
}
