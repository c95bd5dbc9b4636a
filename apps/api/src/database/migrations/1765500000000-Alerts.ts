import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Community alerts: subscribers (sealed addresses, areas, language, consent; no names), alerts with their variants
 * per language, two-person approvals, one delivery row per (alert, subscriber), templates, the alert log, and the
 * shared per-provider send windows.
 */
export class Alerts1765500000000 implements MigrationInterface {
  name = 'Alerts1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "alert_subscribers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "channel" text NOT NULL, "address_hash" text NOT NULL, "address" bytea NOT NULL, "sealed_key" text NOT NULL, "state" text NOT NULL DEFAULT 'active', "zone_ids" uuid array NOT NULL DEFAULT '{}', "language" text NOT NULL, "consented_at" TIMESTAMP WITH TIME ZONE NOT NULL, "source" text NOT NULL, "drill_list" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_alert_subscribers_address" UNIQUE ("channel", "address_hash"), CONSTRAINT "CHK_alert_subscribers_state" CHECK ("state" IN ('pending', 'active')), CONSTRAINT "CHK_alert_subscribers_channel" CHECK ("channel" IN ('sms', 'whatsapp', 'telegram', 'webpush')), CONSTRAINT "PK_alert_subscribers" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "alerts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" text NOT NULL, "status" text NOT NULL DEFAULT 'draft', "drill" boolean NOT NULL DEFAULT false, "incident_id" uuid, "audience" jsonb NOT NULL, "channels" text array NOT NULL, "variants" jsonb NOT NULL, "post_to_channel" boolean NOT NULL DEFAULT true, "version" integer NOT NULL DEFAULT '1', "created_by" uuid, "created_by_name" text NOT NULL, "edited_by" uuid array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "correction_of" uuid, "channel_post" text NOT NULL DEFAULT 'none', "channel_post_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_alerts_status" CHECK ("status" IN ('draft', 'awaiting_approval', 'sending', 'paused', 'sent', 'cancelled')), CONSTRAINT "CHK_alerts_type" CHECK ("type" IN ('incident', 'know_your_rights', 'all_clear', 'meeting_point', 'correction')), CONSTRAINT "PK_alerts" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_alerts_status" ON "alerts"  ("status")`);
    await q.query(
      `CREATE TABLE "alert_approvals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "alert_id" uuid NOT NULL, "hash" text NOT NULL, "estimate" jsonb NOT NULL, "requested_by" uuid, "requested_by_name" text NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT 'pending', "decided_by" uuid, "decided_by_name" text, "decided_at" TIMESTAMP WITH TIME ZONE, "reason" text NOT NULL DEFAULT '', CONSTRAINT "CHK_alert_approvals_status" CHECK ("status" IN ('pending', 'approved', 'rejected', 'expired', 'void')), CONSTRAINT "PK_alert_approvals" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_alert_approvals_alert" ON "alert_approvals"  ("alert_id")`);
    await q.query(
      `CREATE TABLE "alert_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "alert_id" uuid NOT NULL, "subscriber_id" uuid, "channel" text NOT NULL, "language" text NOT NULL, "batch" integer NOT NULL, "status" text NOT NULL DEFAULT 'queued', "provider_message_id" text, "error_code" text, "attempts" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_alert_deliveries_recipient" UNIQUE ("alert_id", "subscriber_id"), CONSTRAINT "CHK_alert_deliveries_status" CHECK ("status" IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled')), CONSTRAINT "PK_alert_deliveries" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_alert_deliveries_subscriber" ON "alert_deliveries"  ("subscriber_id")`);
    await q.query(`CREATE INDEX "IDX_alert_deliveries_provider_message" ON "alert_deliveries"  ("provider_message_id")`);
    await q.query(`CREATE INDEX "IDX_alert_deliveries_batch" ON "alert_deliveries"  ("alert_id", "batch", "status")`);
    await q.query(`CREATE INDEX "IDX_alert_deliveries_sending" ON "alert_deliveries"  ("updated_at") WHERE "status" = 'sending'`);
    await q.query(
      `CREATE TABLE "alert_templates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" text NOT NULL, "language" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_alert_templates_type_language" UNIQUE ("type", "language"), CONSTRAINT "PK_alert_templates" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "alert_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "alert_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "user_id" uuid, "actor" text NOT NULL, "kind" text NOT NULL, "detail" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_alert_log" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_alert_log_alert" ON "alert_log"  ("alert_id")`);
    await q.query(
      `CREATE TABLE "alert_send_windows" ("provider" text NOT NULL, "next_at_ms" bigint NOT NULL, CONSTRAINT "PK_alert_send_windows" PRIMARY KEY ("provider"))`,
    );
    await q.query(
      `ALTER TABLE "alerts" ADD CONSTRAINT "FK_alerts_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "alerts" ADD CONSTRAINT "FK_alerts_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "alerts" ADD CONSTRAINT "FK_alerts_correction_of" FOREIGN KEY ("correction_of") REFERENCES "alerts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "alert_approvals" ADD CONSTRAINT "FK_alert_approvals_alert" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "alert_approvals" ADD CONSTRAINT "FK_alert_approvals_requested_by" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "alert_approvals" ADD CONSTRAINT "FK_alert_approvals_decided_by" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "alert_deliveries" ADD CONSTRAINT "FK_alert_deliveries_alert" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "alert_deliveries" ADD CONSTRAINT "FK_alert_deliveries_subscriber" FOREIGN KEY ("subscriber_id") REFERENCES "alert_subscribers"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "alert_log" ADD CONSTRAINT "FK_alert_log_alert" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "alert_log" ADD CONSTRAINT "FK_alert_log_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alert_log" DROP CONSTRAINT "FK_alert_log_user"`);
    await q.query(`ALTER TABLE "alert_log" DROP CONSTRAINT "FK_alert_log_alert"`);
    await q.query(`ALTER TABLE "alert_deliveries" DROP CONSTRAINT "FK_alert_deliveries_subscriber"`);
    await q.query(`ALTER TABLE "alert_deliveries" DROP CONSTRAINT "FK_alert_deliveries_alert"`);
    await q.query(`ALTER TABLE "alert_approvals" DROP CONSTRAINT "FK_alert_approvals_decided_by"`);
    await q.query(`ALTER TABLE "alert_approvals" DROP CONSTRAINT "FK_alert_approvals_requested_by"`);
    await q.query(`ALTER TABLE "alert_approvals" DROP CONSTRAINT "FK_alert_approvals_alert"`);
    await q.query(`ALTER TABLE "alerts" DROP CONSTRAINT "FK_alerts_correction_of"`);
    await q.query(`ALTER TABLE "alerts" DROP CONSTRAINT "FK_alerts_created_by"`);
    await q.query(`ALTER TABLE "alerts" DROP CONSTRAINT "FK_alerts_incident"`);
    await q.query(`DROP TABLE "alert_send_windows"`);
    await q.query(`DROP INDEX "public"."IDX_alert_log_alert"`);
    await q.query(`DROP TABLE "alert_log"`);
    await q.query(`DROP TABLE "alert_templates"`);
    await q.query(`DROP INDEX "public"."IDX_alert_deliveries_sending"`);
    await q.query(`DROP INDEX "public"."IDX_alert_deliveries_batch"`);
    await q.query(`DROP INDEX "public"."IDX_alert_deliveries_provider_message"`);
    await q.query(`DROP INDEX "public"."IDX_alert_deliveries_subscriber"`);
    await q.query(`DROP TABLE "alert_deliveries"`);
    await q.query(`DROP INDEX "public"."IDX_alert_approvals_alert"`);
    await q.query(`DROP TABLE "alert_approvals"`);
    await q.query(`DROP INDEX "public"."IDX_alerts_status"`);
    await q.query(`DROP TABLE "alerts"`);
    await q.query(`DROP TABLE "alert_subscribers"`);
  }
}
