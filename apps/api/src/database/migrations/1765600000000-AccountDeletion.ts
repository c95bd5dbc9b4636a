import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deleting an account (UsersService.deleteAccount) keeps its row as a blank tombstone, so the incident record's
 * references (pings, answers, log entries, claims) still resolve: `deleted_at` says it is one.
 */
export class AccountDeletion1765600000000 implements MigrationInterface {
  name = 'AccountDeletion1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "deleted_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP COLUMN "deleted_at"`);
  }
}
