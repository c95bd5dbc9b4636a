import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The referral directory (organizations, services, service areas as geometries) and "referred to X" in an
 * incident's record; follow-ups gain the kind `referral` ("check the family reached X").
 */
export class Referrals1765300000000 implements MigrationInterface {
  name = 'Referrals1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "incident_referrals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "service_id" uuid, "organization_name" text NOT NULL, "service_name" text NOT NULL, "phone" text NOT NULL DEFAULT '', "note" bytea, "sealed_key" text, "follow_up_id" uuid, "referred_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_incident_referrals" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_incident_referrals_incident" ON "incident_referrals"  ("incident_id")`);
    await q.query(
      `CREATE TABLE "referral_organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "alternate_name" text NOT NULL DEFAULT '', "description" text NOT NULL DEFAULT '', "email" text NOT NULL DEFAULT '', "website" text NOT NULL DEFAULT '', "phone" text NOT NULL DEFAULT '', "trust_notes" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_referral_organizations" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "referral_services" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" text NOT NULL, "alternate_name" text NOT NULL DEFAULT '', "description" text NOT NULL DEFAULT '', "url" text NOT NULL DEFAULT '', "email" text NOT NULL DEFAULT '', "phone" text NOT NULL DEFAULT '', "status" text NOT NULL DEFAULT 'active', "application_process" text NOT NULL DEFAULT '', "eligibility_description" text NOT NULL DEFAULT '', "fees_description" text NOT NULL DEFAULT '', "cost" text NOT NULL DEFAULT 'paid', "payment_plans" boolean NOT NULL DEFAULT false, "required_documents" text array NOT NULL DEFAULT '{}', "languages" text array NOT NULL DEFAULT '{}', "needs" text array NOT NULL DEFAULT '{}', "case_types" text array NOT NULL DEFAULT '{}', "visa_types" text array NOT NULL DEFAULT '{}', "immigration_courts" text array NOT NULL DEFAULT '{}', "statuses_excluded" text NOT NULL DEFAULT '', "border_regions" text array NOT NULL DEFAULT '{}', "schedule" jsonb NOT NULL DEFAULT '[]', "always_open" boolean NOT NULL DEFAULT false, "preferred" boolean NOT NULL DEFAULT false, "trust_notes" text NOT NULL DEFAULT '', "last_verified_at" date, "verified_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_referral_services_cost" CHECK ("cost" IN ('free', 'low', 'sliding', 'paid')), CONSTRAINT "CHK_referral_services_status" CHECK ("status" IN ('active', 'inactive', 'defunct', 'temporarily closed')), CONSTRAINT "PK_referral_services" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_referral_services_organization" ON "referral_services"  ("organization_id")`);
    await q.query(
      `CREATE TABLE "referral_service_areas" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "service_id" uuid NOT NULL, "name" text NOT NULL, "area" geometry(MultiPolygon,4326) NOT NULL, CONSTRAINT "PK_referral_service_areas" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_referral_service_areas_service" ON "referral_service_areas"  ("service_id")`);
    await q.query(`CREATE INDEX "IDX_referral_service_areas_area" ON "referral_service_areas" USING gist ("area")`);
    await q.query(
      `ALTER TABLE "incident_referrals" ADD CONSTRAINT "FK_incident_referrals_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "incident_referrals" ADD CONSTRAINT "FK_incident_referrals_service" FOREIGN KEY ("service_id") REFERENCES "referral_services"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "incident_referrals" ADD CONSTRAINT "FK_incident_referrals_follow_up" FOREIGN KEY ("follow_up_id") REFERENCES "follow_ups"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "incident_referrals" ADD CONSTRAINT "FK_incident_referrals_referred_by" FOREIGN KEY ("referred_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "referral_services" ADD CONSTRAINT "FK_referral_services_organization" FOREIGN KEY ("organization_id") REFERENCES "referral_organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "referral_services" ADD CONSTRAINT "FK_referral_services_verified_by" FOREIGN KEY ("verified_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "referral_service_areas" ADD CONSTRAINT "FK_referral_service_areas_service" FOREIGN KEY ("service_id") REFERENCES "referral_services"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "CHK_follow_ups_kind"`);
    await q.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "CHK_follow_ups_kind" CHECK ("kind" IN ('family_contacted', 'legal_referral', 'check_in', 'referral', 'other'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "follow_ups" WHERE "kind" = 'referral'`);
    await q.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "CHK_follow_ups_kind"`);
    await q.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "CHK_follow_ups_kind" CHECK ("kind" IN ('family_contacted', 'legal_referral', 'check_in', 'other'))`,
    );
    await q.query(`ALTER TABLE "referral_service_areas" DROP CONSTRAINT "FK_referral_service_areas_service"`);
    await q.query(`ALTER TABLE "referral_services" DROP CONSTRAINT "FK_referral_services_verified_by"`);
    await q.query(`ALTER TABLE "referral_services" DROP CONSTRAINT "FK_referral_services_organization"`);
    await q.query(`ALTER TABLE "incident_referrals" DROP CONSTRAINT "FK_incident_referrals_referred_by"`);
    await q.query(`ALTER TABLE "incident_referrals" DROP CONSTRAINT "FK_incident_referrals_follow_up"`);
    await q.query(`ALTER TABLE "incident_referrals" DROP CONSTRAINT "FK_incident_referrals_service"`);
    await q.query(`ALTER TABLE "incident_referrals" DROP CONSTRAINT "FK_incident_referrals_incident"`);
    await q.query(`DROP INDEX "public"."IDX_referral_service_areas_area"`);
    await q.query(`DROP INDEX "public"."IDX_referral_service_areas_service"`);
    await q.query(`DROP TABLE "referral_service_areas"`);
    await q.query(`DROP INDEX "public"."IDX_referral_services_organization"`);
    await q.query(`DROP TABLE "referral_services"`);
    await q.query(`DROP TABLE "referral_organizations"`);
    await q.query(`DROP INDEX "public"."IDX_incident_referrals_incident"`);
    await q.query(`DROP TABLE "incident_referrals"`);
  }
}
