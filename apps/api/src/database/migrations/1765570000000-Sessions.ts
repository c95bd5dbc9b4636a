import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Server-side sessions (sign-out and a coordinator's "end access" really end them), and disabled accounts. */
export class Sessions1765570000000 implements MigrationInterface {
  name = 'Sessions1765570000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_sessions" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_sessions_user_id" ON "sessions" ("user_id") `);
    await q.query(`CREATE INDEX "IDX_sessions_expires_at" ON "sessions" ("expires_at") `);
    await q.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "users" ADD "disabled_at" TIMESTAMP WITH TIME ZONE`);
    // Ended sessions are announced to every process (their tokens are forgotten); a gap in versions forgets them all.
    await q.query(`INSERT INTO "cluster_versions" ("topic") VALUES ('sessions') ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "cluster_versions" WHERE "topic" = 'sessions'`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "disabled_at"`);
    await q.query(`DROP TABLE "sessions"`);
  }
}
