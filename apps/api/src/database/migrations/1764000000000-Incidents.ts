import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incidents (one event, many sightings) with their record: the incident log, witnesses, media,
 * follow-ups, and the audit of evidence exports. The status moves from sightings to incidents;
 * each existing sighting becomes its own incident, keeping its status.
 */
export class Incidents1764000000000 implements MigrationInterface {
  name = 'Incidents1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "incidents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" text NOT NULL DEFAULT 'reported', "other_agency" text NOT NULL DEFAULT '', "location" geometry(Point,4326) NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "version" integer NOT NULL DEFAULT '1', "claimed_by" uuid, "claim_active_at" TIMESTAMP WITH TIME ZONE, "debrief" text NOT NULL DEFAULT '', "confirmed_at" TIMESTAMP WITH TIME ZONE, "expired_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "merged_into" uuid, CONSTRAINT "CHK_incidents_status" CHECK ("status" IN ('reported', 'verifying', 'confirmed', 'other_agency', 'false_alarm', 'unverifiable', 'resolved')), CONSTRAINT "PK_incidents" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_incidents_location" ON "incidents" USING gist ("location")`);
    await q.query(
      `CREATE INDEX "IDX_incidents_live" ON "incidents" ("last_observed_at") WHERE "expired_at" IS NULL AND "resolved_at" IS NULL AND "merged_into" IS NULL`,
    );
    await q.query(
      `ALTER TABLE "incidents" ADD CONSTRAINT "FK_incidents_claimed_by" FOREIGN KEY ("claimed_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "incidents" ADD CONSTRAINT "FK_incidents_merged_into" FOREIGN KEY ("merged_into") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );

    // Every existing sighting becomes an incident of its own, with its status.
    await q.query(`ALTER TABLE "sightings" ADD "incident_id" uuid`);
    await q.query(`ALTER TABLE "sightings" ADD "confirms" boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE "sightings" SET "incident_id" = gen_random_uuid()`);
    await q.query(`
      INSERT INTO "incidents" ("id", "status", "location", "opened_at", "last_observed_at", "confirmed_at")
      SELECT incident_id, status, location, reported_at, observed_at, CASE WHEN status = 'confirmed' THEN reported_at END FROM "sightings"`);
    await q.query(`ALTER TABLE "sightings" ALTER COLUMN "incident_id" SET NOT NULL`);
    await q.query(`CREATE INDEX "IDX_sightings_incident" ON "sightings" ("incident_id")`);
    await q.query(
      `ALTER TABLE "sightings" ADD CONSTRAINT "FK_sightings_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "sightings" DROP CONSTRAINT "CHK_sightings_status"`);
    await q.query(`ALTER TABLE "sightings" DROP COLUMN "status"`);

    await q.query(`ALTER TABLE "dispatches" ADD "incident_id" uuid`);
    await q.query(`UPDATE "dispatches" d SET "incident_id" = s.incident_id FROM "sightings" s WHERE s.id = d.sighting_id`);
    await q.query(`ALTER TABLE "dispatches" ALTER COLUMN "incident_id" SET NOT NULL`);
    await q.query(`CREATE INDEX "IDX_dispatches_incident" ON "dispatches" ("incident_id")`);
    await q.query(
      `ALTER TABLE "dispatches" ADD CONSTRAINT "FK_dispatches_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await q.query(
      `CREATE TABLE "incident_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "user_id" uuid, "actor" text NOT NULL, "kind" text NOT NULL, "detail" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_incident_log" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_incident_log_incident_at" ON "incident_log" ("incident_id", "at")`);
    await q.query(
      `ALTER TABLE "incident_log" ADD CONSTRAINT "FK_incident_log_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "incident_log" ADD CONSTRAINT "FK_incident_log_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );

    await q.query(
      `CREATE TABLE "witnesses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "contact" text NOT NULL, "note" text NOT NULL DEFAULT '', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_witnesses" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_witnesses_created_at" ON "witnesses" ("created_at")`);
    await q.query(
      `ALTER TABLE "witnesses" ADD CONSTRAINT "FK_witnesses_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "witnesses" ADD CONSTRAINT "FK_witnesses_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );

    await q.query(
      `CREATE TABLE "media" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "sighting_id" uuid, "content_type" text NOT NULL, "bytes" integer NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "sha256" text NOT NULL, "uploaded_by" uuid, "source" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_media_content_type" CHECK ("content_type" IN ('image/jpeg', 'image/png', 'image/webp')), CONSTRAINT "PK_media" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_media_incident" ON "media" ("incident_id")`);
    await q.query(
      `ALTER TABLE "media" ADD CONSTRAINT "FK_media_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "media" ADD CONSTRAINT "FK_media_sighting" FOREIGN KEY ("sighting_id") REFERENCES "sightings"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "media" ADD CONSTRAINT "FK_media_uploaded_by" FOREIGN KEY ("uploaded_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );

    await q.query(
      `CREATE TABLE "follow_ups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "kind" text NOT NULL, "note" text NOT NULL DEFAULT '', "assignee_id" uuid, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "done_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_follow_ups_kind" CHECK ("kind" IN ('family_contacted', 'legal_referral', 'check_in', 'other')), CONSTRAINT "PK_follow_ups" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_follow_ups_open_due" ON "follow_ups" ("due_at") WHERE "done_at" IS NULL`);
    await q.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "FK_follow_ups_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "FK_follow_ups_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "FK_follow_ups_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );

    await q.query(
      `CREATE TABLE "evidence_exports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid, "user_id" uuid, "actor" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "sha256" text NOT NULL, "bytes" integer NOT NULL, CONSTRAINT "PK_evidence_exports" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_evidence_exports_incident" ON "evidence_exports" ("incident_id")`);
    await q.query(
      `ALTER TABLE "evidence_exports" ADD CONSTRAINT "FK_evidence_exports_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "evidence_exports" ADD CONSTRAINT "FK_evidence_exports_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['evidence_exports', 'follow_ups', 'media', 'witnesses', 'incident_log']) await q.query(`DROP TABLE "${table}"`);
    await q.query(`ALTER TABLE "sightings" ADD "status" text NOT NULL DEFAULT 'reported'`);
    await q.query(
      `UPDATE "sightings" s SET "status" = CASE WHEN i.status = 'resolved' THEN 'confirmed' ELSE i.status END FROM "incidents" i WHERE i.id = s.incident_id`,
    );
    await q.query(
      `ALTER TABLE "sightings" ADD CONSTRAINT "CHK_sightings_status" CHECK ("status" IN ('reported', 'verifying', 'confirmed', 'other_agency', 'false_alarm', 'unverifiable'))`,
    );
    await q.query(`ALTER TABLE "dispatches" DROP CONSTRAINT "FK_dispatches_incident"`);
    await q.query(`ALTER TABLE "dispatches" DROP COLUMN "incident_id"`);
    await q.query(`ALTER TABLE "sightings" DROP CONSTRAINT "FK_sightings_incident"`);
    await q.query(`ALTER TABLE "sightings" DROP COLUMN "incident_id", DROP COLUMN "confirms"`);
    await q.query(`DROP TABLE "incidents"`);
  }
}
