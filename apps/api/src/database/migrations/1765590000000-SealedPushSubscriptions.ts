import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Responders' push subscriptions were stored in clear (the endpoint, which names the device to the push service, and
 * its keys) beside the responder id. From now on the subscription is sealed (KeyRing purpose `responder-push`) and
 * found by a keyed hash of its endpoint. The keys live outside PostgreSQL, so existing rows cannot be sealed here;
 * they are dropped with TRUNCATE (new table and index files: the old ones, with the endpoints, are unlinked) and
 * phones subscribe again when the app opens on duty (the respond page re-sends its subscription).
 */
export class SealedPushSubscriptions1765590000000 implements MigrationInterface {
  name = 'SealedPushSubscriptions1765590000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`TRUNCATE "push_subscriptions"`);
    await q.query(`ALTER TABLE "push_subscriptions" DROP CONSTRAINT "UQ_push_subscriptions_endpoint"`);
    await q.query(`ALTER TABLE "push_subscriptions" DROP COLUMN "endpoint", DROP COLUMN "p256dh", DROP COLUMN "auth"`);
    await q.query(`ALTER TABLE "push_subscriptions" ADD "endpoint_hash" text NOT NULL, ADD "subscription" bytea NOT NULL, ADD "sealed_key" text NOT NULL`);
    await q.query(`ALTER TABLE "push_subscriptions" ADD CONSTRAINT "UQ_push_subscriptions_endpoint_hash" UNIQUE ("endpoint_hash")`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Sealed subscriptions cannot be read back here (the keys live outside the database): phones subscribe again.
    await q.query(`TRUNCATE "push_subscriptions"`);
    await q.query(`ALTER TABLE "push_subscriptions" DROP CONSTRAINT "UQ_push_subscriptions_endpoint_hash"`);
    await q.query(`ALTER TABLE "push_subscriptions" DROP COLUMN "endpoint_hash", DROP COLUMN "subscription", DROP COLUMN "sealed_key"`);
    await q.query(`ALTER TABLE "push_subscriptions" ADD "endpoint" text NOT NULL, ADD "p256dh" text NOT NULL, ADD "auth" text NOT NULL`);
    await q.query(`ALTER TABLE "push_subscriptions" ADD CONSTRAINT "UQ_push_subscriptions_endpoint" UNIQUE ("endpoint")`);
  }
}
