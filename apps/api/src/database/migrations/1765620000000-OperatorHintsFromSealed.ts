import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operators' contact hints (`•••• 44`, `z•••@example.org`) were stored in clear beside the sealed phone and email: an
 * email's domain and first letter, or a number's last digits, can name someone when the domain is personal or small.
 * They are now made from the sealed values when the settings are read, and the columns go.
 */
export class OperatorHintsFromSealed1765620000000 implements MigrationInterface {
  name = 'OperatorHintsFromSealed1765620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "hotline_operators" DROP COLUMN "phone_hint"`);
    await q.query(`ALTER TABLE "hotline_operators" DROP COLUMN "email_hint"`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The hints come back empty: the values they were made from are sealed, and the keys live outside the database.
    await q.query(`ALTER TABLE "hotline_operators" ADD "phone_hint" text`);
    await q.query(`ALTER TABLE "hotline_operators" ADD "email_hint" text`);
  }
}
