import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The network's numbers: one row of facts per incident (outcome, times, zones, channel counts), kept without a
 * foreign key so purged incidents still count; and the drill flag on incidents, which the numbers leave out.
 * Answer rates come from responder facts, which go with their incident. The refresher fills both on its first run.
 */
export class Metrics1765310000000 implements MigrationInterface {
  name = 'Metrics1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "incident_facts" ("incident_id" uuid NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "drill" boolean NOT NULL DEFAULT false, "outcome" text NOT NULL, "zone_ids" uuid array NOT NULL DEFAULT '{}', "first_reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, "local_date" date NOT NULL, "local_dow" smallint NOT NULL, "local_hour" smallint NOT NULL, "time_zone" text NOT NULL, "hotline_calls" integer NOT NULL DEFAULT '0', "sms" integer NOT NULL DEFAULT '0', "web" integer NOT NULL DEFAULT '0', "responder" integer NOT NULL DEFAULT '0', "other" integer NOT NULL DEFAULT '0', "window_ends_at" TIMESTAMP WITH TIME ZONE, "first_ping_at" TIMESTAMP WITH TIME ZONE, "first_accept_at" TIMESTAMP WITH TIME ZONE, "on_scene_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '0', "refreshed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_incident_facts" PRIMARY KEY ("incident_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_incident_facts_local_date" ON "incident_facts" ("local_date")`);
    await q.query(`ALTER TABLE "incidents" ADD "drill" boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE TABLE "responder_facts" ("incident_id" uuid NOT NULL, "responder_id" uuid NOT NULL, "local_date" date NOT NULL, "zone_ids" uuid array NOT NULL DEFAULT '{}', "drill" boolean NOT NULL DEFAULT false, "pinged" smallint NOT NULL DEFAULT '0', "answered" smallint NOT NULL DEFAULT '0', "accepted" smallint NOT NULL DEFAULT '0', "declined" smallint NOT NULL DEFAULT '0', "on_scene" smallint NOT NULL DEFAULT '0', CONSTRAINT "PK_responder_facts" PRIMARY KEY ("incident_id", "responder_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_responder_facts_local_date" ON "responder_facts" ("local_date")`);
    await q.query(
      `ALTER TABLE "responder_facts" ADD CONSTRAINT "FK_responder_facts_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "responder_facts" ADD CONSTRAINT "FK_responder_facts_responder" FOREIGN KEY ("responder_id") REFERENCES "responders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "responder_facts"`);
    await q.query(`ALTER TABLE "incidents" DROP COLUMN "drill"`);
    await q.query(`DROP INDEX "public"."IDX_incident_facts_local_date"`);
    await q.query(`DROP TABLE "incident_facts"`);
  }
}
