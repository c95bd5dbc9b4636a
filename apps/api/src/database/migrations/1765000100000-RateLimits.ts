import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rate limits and sign-in throttles shared by every API process (keyed hashes of clients, never addresses). */
export class RateLimits1765000100000 implements MigrationInterface {
  name = 'RateLimits1765000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "rate_limits" ("bucket" text NOT NULL, "count" integer NOT NULL, "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_rate_limits" PRIMARY KEY ("bucket"))`,
    );
    await q.query(`CREATE INDEX "IDX_rate_limits_window_ends_at" ON "rate_limits" ("window_ends_at")`);
    await q.query(
      `CREATE TABLE "login_throttle" ("bucket" text NOT NULL, "failures" integer NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_login_throttle" PRIMARY KEY ("bucket"))`,
    );
    await q.query(`CREATE INDEX "IDX_login_throttle_updated_at" ON "login_throttle" ("updated_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "login_throttle"`);
    await q.query(`DROP TABLE "rate_limits"`);
  }
}
