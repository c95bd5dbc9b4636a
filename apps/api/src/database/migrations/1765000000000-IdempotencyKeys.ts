import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Requests sent with an Idempotency-Key and the responses they replay (kept 24 hours). */
export class IdempotencyKeys1765000000000 implements MigrationInterface {
  name = 'IdempotencyKeys1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "idempotency_keys" ("scope" text NOT NULL, "key" text NOT NULL, "fingerprint" text NOT NULL, "state" text NOT NULL, "owner" uuid NOT NULL, "lease_until" TIMESTAMP WITH TIME ZONE NOT NULL, "status" integer, "response" bytea, "sealed_key" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_idempotency_keys" PRIMARY KEY ("scope", "key"))`,
    );
    await q.query(`CREATE INDEX "IDX_idempotency_keys_created_at" ON "idempotency_keys" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "idempotency_keys"`);
  }
}
