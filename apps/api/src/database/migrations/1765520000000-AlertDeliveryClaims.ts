import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alert deliveries a worker holds but has not handed to a provider yet ('claimed', with the worker's claim id) are
 * told apart from those in flight ('sending'): a dead worker's claimed rows go back to the queue (never sent), and
 * only its in-flight ones — a few per provider — need the provider's word.
 */
export class AlertDeliveryClaims1765520000000 implements MigrationInterface {
  name = 'AlertDeliveryClaims1765520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alert_deliveries" DROP CONSTRAINT "CHK_alert_deliveries_status"`);
    await q.query(
      `ALTER TABLE "alert_deliveries" ADD CONSTRAINT "CHK_alert_deliveries_status" CHECK ("status" IN ('queued', 'claimed', 'sending', 'sent', 'delivered', 'failed', 'cancelled'))`,
    );
    await q.query(`ALTER TABLE "alert_deliveries" ADD "claim" uuid`);
    await q.query(`CREATE INDEX "IDX_alert_deliveries_claimed" ON "alert_deliveries"  ("claim") WHERE "status" = 'claimed'`);
    await q.query(`CREATE INDEX "IDX_alert_deliveries_claim_age" ON "alert_deliveries"  ("updated_at") WHERE "status" = 'claimed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_alert_deliveries_claim_age"`);
    await q.query(`DROP INDEX "IDX_alert_deliveries_claimed"`);
    await q.query(`ALTER TABLE "alert_deliveries" DROP COLUMN "claim"`);
    await q.query(`UPDATE "alert_deliveries" SET "status" = 'queued' WHERE "status" = 'claimed'`);
    await q.query(`ALTER TABLE "alert_deliveries" DROP CONSTRAINT "CHK_alert_deliveries_status"`);
    await q.query(
      `ALTER TABLE "alert_deliveries" ADD CONSTRAINT "CHK_alert_deliveries_status" CHECK ("status" IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled'))`,
    );
  }
}
