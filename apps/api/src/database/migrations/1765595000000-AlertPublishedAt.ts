import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an alert became public (went-out.ts): its first delivery the provider took, its post on the public channel,
 * or the end of its send — whichever came first. Set once and never cleared, so what went out stays public (and can
 * be retracted) after a pause, a cancel, a failed callback or the deliveries' retention.
 */
export class AlertPublishedAt1765595000000 implements MigrationInterface {
  name = 'AlertPublishedAt1765595000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alerts" ADD "published_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `UPDATE "alerts" a SET "published_at" = a."started_at"
        WHERE a."started_at" IS NOT NULL AND (a."status" = 'sent' OR a."channel_post" = 'posted'
          OR EXISTS (SELECT 1 FROM "alert_deliveries" d WHERE d."alert_id" = a."id" AND d."status" IN ('sent', 'delivered')))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alerts" DROP COLUMN "published_at"`);
  }
}
