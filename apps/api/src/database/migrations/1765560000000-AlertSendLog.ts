import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The slots of each provider's last `rate` messages next to its GCRA time, so a reservation can keep any window of
 * a second within the rate when bursts of different sizes mix (see pace.ts and SendWindowsRepository.reserve).
 */
export class AlertSendLog1765560000000 implements MigrationInterface {
  name = 'AlertSendLog1765560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alert_send_windows" ADD "recent_ms" bigint array NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alert_send_windows" DROP COLUMN "recent_ms"`);
  }
}
