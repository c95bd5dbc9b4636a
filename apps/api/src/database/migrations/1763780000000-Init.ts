import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, responders, zones (with their responders), sightings and pings. */
export class Init1763780000000 implements MigrationInterface {
  name = 'Init1763780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS postgis`);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" text NOT NULL, "password_hash" text NOT NULL, "role" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_users_username" UNIQUE ("username"), CONSTRAINT "CHK_users_role" CHECK ("role" IN ('coordinator', 'dispatcher', 'responder')), CONSTRAINT "PK_users" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "responders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "alias" text NOT NULL, "on_duty" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_responders" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_responders_user" ON "responders"  ("user_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_responders_on_duty" ON "responders"  ("on_duty") WHERE "on_duty"`);
    await queryRunner.query(
      `CREATE TABLE "zones" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "area" geometry(MultiPolygon,4326) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_zones" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_zones_area" ON "zones" USING gist ("area")`);
    await queryRunner.query(
      `CREATE TABLE "zone_responders" ("zone_id" uuid NOT NULL, "responder_id" uuid NOT NULL, CONSTRAINT "PK_zone_responders" PRIMARY KEY ("zone_id", "responder_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_zone_responders_responder" ON "zone_responders"  ("responder_id")`);
    await queryRunner.query(
      `CREATE TABLE "sightings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "location" geometry(Point,4326) NOT NULL, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status" text NOT NULL DEFAULT 'reported', "channel" text NOT NULL, "agents" integer, "vehicles" integer, "activity" text NOT NULL DEFAULT 'other', "location_description" text NOT NULL DEFAULT '', "agency" text NOT NULL DEFAULT 'unknown', "uniform" text NOT NULL DEFAULT '', "equipment" text NOT NULL DEFAULT '', "notes" text NOT NULL DEFAULT '', "zone_ids" uuid array NOT NULL DEFAULT '{}', "reported_by" uuid, CONSTRAINT "CHK_sightings_channel" CHECK ("channel" IN ('hotline-call', 'sms', 'web', 'responder', 'other')), CONSTRAINT "CHK_sightings_status" CHECK ("status" IN ('reported', 'verifying', 'confirmed', 'other_agency', 'false_alarm', 'unverifiable')), CONSTRAINT "PK_sightings" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_sightings_location" ON "sightings" USING gist ("location")`);
    await queryRunner.query(`CREATE INDEX "IDX_sightings_reported_at" ON "sightings"  ("reported_at")`);
    await queryRunner.query(
      `CREATE TABLE "pings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sighting_id" uuid NOT NULL, "responder_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'pending', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "responded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_pings_sighting_responder" UNIQUE ("sighting_id", "responder_id"), CONSTRAINT "CHK_pings_status" CHECK ("status" IN ('pending', 'accepted', 'declined', 'on_scene')), CONSTRAINT "PK_pings" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_pings_responder_created" ON "pings"  ("responder_id", "created_at")`);
    await queryRunner.query(
      `ALTER TABLE "responders" ADD CONSTRAINT "FK_responders_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "zone_responders" ADD CONSTRAINT "FK_zone_responders_zone" FOREIGN KEY ("zone_id") REFERENCES "zones"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "zone_responders" ADD CONSTRAINT "FK_zone_responders_responder" FOREIGN KEY ("responder_id") REFERENCES "responders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sightings" ADD CONSTRAINT "FK_sightings_reported_by" FOREIGN KEY ("reported_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pings" ADD CONSTRAINT "FK_pings_sighting" FOREIGN KEY ("sighting_id") REFERENCES "sightings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pings" ADD CONSTRAINT "FK_pings_responder" FOREIGN KEY ("responder_id") REFERENCES "responders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "pings"`);
    await queryRunner.query(`DROP TABLE "sightings"`);
    await queryRunner.query(`DROP TABLE "zone_responders"`);
    await queryRunner.query(`DROP TABLE "zones"`);
    await queryRunner.query(`DROP TABLE "responders"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
