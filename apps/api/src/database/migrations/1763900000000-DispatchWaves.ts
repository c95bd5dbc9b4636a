import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Responder profiles (capabilities, languages, travel mode), invites, dispatches with escalation waves,
 * pings that belong to a dispatch, the answer log, and push subscriptions. Pings made before dispatches
 * existed (every on-duty zone member, at once) are kept under one dispatch per sighting, at wave 2.
 */
export class DispatchWaves1763900000000 implements MigrationInterface {
  name = 'DispatchWaves1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "responders" ADD "capabilities" text array NOT NULL DEFAULT '{verifier}'`);
    await queryRunner.query(`ALTER TABLE "responders" ADD "languages" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "responders" ADD "travel_mode" text NOT NULL DEFAULT 'walk'`);
    await queryRunner.query(`ALTER TABLE "responders" ADD CONSTRAINT "CHK_responders_travel_mode" CHECK ("travel_mode" IN ('walk', 'bike', 'car', 'transit'))`);

    await queryRunner.query(
      `CREATE TABLE "invites" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" text NOT NULL, "alias" text NOT NULL, "capabilities" text array NOT NULL, "languages" text array NOT NULL, "travel_mode" text NOT NULL, "zone_ids" uuid array NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "responder_id" uuid, CONSTRAINT "UQ_invites_token_hash" UNIQUE ("token_hash"), CONSTRAINT "PK_invites" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "invites" ADD CONSTRAINT "FK_invites_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invites" ADD CONSTRAINT "FK_invites_responder" FOREIGN KEY ("responder_id") REFERENCES "responders"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );

    await queryRunner.query(
      `CREATE TABLE "dispatches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sighting_id" uuid NOT NULL, "needs" jsonb NOT NULL, "note" text NOT NULL DEFAULT '', "status" text NOT NULL DEFAULT 'active', "wave" integer NOT NULL DEFAULT '1', "wave_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_dispatches_wave" CHECK ("wave" BETWEEN 1 AND 4), CONSTRAINT "CHK_dispatches_status" CHECK ("status" IN ('active', 'filled', 'unfilled', 'cancelled')), CONSTRAINT "PK_dispatches" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_dispatches_sighting" ON "dispatches" ("sighting_id")`);
    await queryRunner.query(
      `ALTER TABLE "dispatches" ADD CONSTRAINT "FK_dispatches_sighting" FOREIGN KEY ("sighting_id") REFERENCES "sightings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "dispatches" ADD CONSTRAINT "FK_dispatches_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );

    await queryRunner.query(`ALTER TABLE "pings" DROP CONSTRAINT "UQ_pings_sighting_responder"`);
    await queryRunner.query(`ALTER TABLE "pings" DROP CONSTRAINT "CHK_pings_status"`);
    await queryRunner.query(
      `ALTER TABLE "pings" ADD CONSTRAINT "CHK_pings_status" CHECK ("status" IN ('pending', 'accepted', 'declined', 'en_route', 'on_scene', 'done', 'covered', 'cancelled'))`,
    );
    await queryRunner.query(`ALTER TABLE "pings" ADD "dispatch_id" uuid`);
    await queryRunner.query(`ALTER TABLE "pings" ADD "capability" text NOT NULL DEFAULT 'verifier'`);
    await queryRunner.query(`ALTER TABLE "pings" ADD "wave" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "pings" ADD "distance_m" double precision`);
    await queryRunner.query(`ALTER TABLE "pings" ADD "eta_seconds" double precision`);
    await queryRunner.query(`ALTER TABLE "pings" ADD "arrival_at" TIMESTAMP WITH TIME ZONE`);
    // Earlier pings: one dispatch per sighting, asking for as many verifiers as were pinged.
    await queryRunner.query(`
      INSERT INTO "dispatches" ("sighting_id", "needs", "status", "wave", "wave_started_at", "window_ends_at", "created_at")
      SELECT s.id, jsonb_build_array(jsonb_build_object('capability', 'verifier', 'count', count(p.id))), 'active', 2,
             min(p.created_at), s.observed_at + interval '7 minutes', min(p.created_at)
        FROM "sightings" s JOIN "pings" p ON p.sighting_id = s.id
       GROUP BY s.id, s.observed_at`);
    await queryRunner.query(`UPDATE "pings" p SET "dispatch_id" = d.id, "wave" = 2 FROM "dispatches" d WHERE d.sighting_id = p.sighting_id`);
    await queryRunner.query(`ALTER TABLE "pings" ALTER COLUMN "dispatch_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "pings" ADD CONSTRAINT "UQ_pings_dispatch_responder" UNIQUE ("dispatch_id", "responder_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_pings_sighting" ON "pings" ("sighting_id")`);
    await queryRunner.query(
      `ALTER TABLE "pings" ADD CONSTRAINT "FK_pings_dispatch" FOREIGN KEY ("dispatch_id") REFERENCES "dispatches"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await queryRunner.query(
      `CREATE TABLE "ping_answers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ping_id" uuid NOT NULL, "status" text NOT NULL, "idempotency_key" text, "arrival_at" TIMESTAMP WITH TIME ZONE, "answered_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_ping_answers_idempotency" UNIQUE ("ping_id", "idempotency_key"), CONSTRAINT "PK_ping_answers" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "ping_answers" ADD CONSTRAINT "FK_ping_answers_ping" FOREIGN KEY ("ping_id") REFERENCES "pings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `INSERT INTO "ping_answers" ("ping_id", "status", "answered_at") SELECT id, status, responded_at FROM "pings" WHERE responded_at IS NOT NULL`,
    );

    await queryRunner.query(
      `CREATE TABLE "push_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "responder_id" uuid NOT NULL, "endpoint" text NOT NULL, "p256dh" text NOT NULL, "auth" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_push_subscriptions_endpoint" UNIQUE ("endpoint"), CONSTRAINT "PK_push_subscriptions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_push_subscriptions_responder" ON "push_subscriptions" ("responder_id")`);
    await queryRunner.query(
      `ALTER TABLE "push_subscriptions" ADD CONSTRAINT "FK_push_subscriptions_responder" FOREIGN KEY ("responder_id") REFERENCES "responders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "push_subscriptions"`);
    await queryRunner.query(`DROP TABLE "ping_answers"`);
    await queryRunner.query(`ALTER TABLE "pings" DROP CONSTRAINT "FK_pings_dispatch"`);
    await queryRunner.query(`DROP INDEX "IDX_pings_sighting"`);
    await queryRunner.query(`ALTER TABLE "pings" DROP CONSTRAINT "UQ_pings_dispatch_responder"`);
    // A responder pinged by two dispatches of one sighting keeps the earliest ping.
    await queryRunner.query(
      `DELETE FROM "pings" p USING "pings" q WHERE p.sighting_id = q.sighting_id AND p.responder_id = q.responder_id AND p.created_at > q.created_at`,
    );
    await queryRunner.query(
      `ALTER TABLE "pings" DROP COLUMN "dispatch_id", DROP COLUMN "capability", DROP COLUMN "wave", DROP COLUMN "distance_m", DROP COLUMN "eta_seconds", DROP COLUMN "arrival_at"`,
    );
    await queryRunner.query(`UPDATE "pings" SET "status" = 'accepted' WHERE "status" IN ('en_route', 'done')`);
    await queryRunner.query(`UPDATE "pings" SET "status" = 'declined' WHERE "status" IN ('covered', 'cancelled')`);
    await queryRunner.query(`ALTER TABLE "pings" DROP CONSTRAINT "CHK_pings_status"`);
    await queryRunner.query(`ALTER TABLE "pings" ADD CONSTRAINT "CHK_pings_status" CHECK ("status" IN ('pending', 'accepted', 'declined', 'on_scene'))`);
    await queryRunner.query(`ALTER TABLE "pings" ADD CONSTRAINT "UQ_pings_sighting_responder" UNIQUE ("sighting_id", "responder_id")`);
    await queryRunner.query(`DROP TABLE "dispatches"`);
    await queryRunner.query(`DROP TABLE "invites"`);
    await queryRunner.query(`ALTER TABLE "responders" DROP CONSTRAINT "CHK_responders_travel_mode"`);
    await queryRunner.query(`ALTER TABLE "responders" DROP COLUMN "capabilities", DROP COLUMN "languages", DROP COLUMN "travel_mode"`);
  }
}
