import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The shift schedule (issue 10, section 3): weekly recurring shifts and who is on them (with swaps offered),
 * responders whose duty follows their shifts and the duty changes already done, calendar feeds (hashed tokens),
 * and the operators' thread (sealed messages).
 */
export class Shifts1765420000000 implements MigrationInterface {
  name = 'Shifts1765420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "shift_templates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "weekday" smallint NOT NULL, "start_time" TIME NOT NULL, "end_time" TIME NOT NULL, "role" text NOT NULL, "zone_id" uuid, "min_staff" smallint NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_shift_templates_times" CHECK ("start_time" <> "end_time"), CONSTRAINT "CHK_shift_templates_min_staff" CHECK ("min_staff" BETWEEN 1 AND 50), CONSTRAINT "CHK_shift_templates_weekday" CHECK ("weekday" BETWEEN 1 AND 7), CONSTRAINT "CHK_shift_templates_role" CHECK ("role" IN ('operator', 'responder')), CONSTRAINT "PK_shift_templates" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_shift_templates_zone" ON "shift_templates" ("zone_id") `);
    await q.query(
      `CREATE TABLE "shift_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "template_id" uuid NOT NULL, "user_id" uuid NOT NULL, "offered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_shift_assignments_person" UNIQUE ("template_id", "user_id"), CONSTRAINT "PK_shift_assignments" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_shift_assignments_user" ON "shift_assignments" ("user_id") `);
    await q.query(
      `CREATE TABLE "shift_duty_followers" ("responder_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_shift_duty_followers" PRIMARY KEY ("responder_id"))`,
    );
    await q.query(
      `CREATE TABLE "shift_duty_runs" ("template_id" uuid NOT NULL, "user_id" uuid NOT NULL, "kind" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_shift_duty_runs" PRIMARY KEY ("template_id", "user_id", "kind", "at"))`,
    );
    await q.query(`CREATE INDEX "IDX_shift_duty_runs_at" ON "shift_duty_runs" ("at") `);
    await q.query(
      `CREATE TABLE "shift_calendar_feeds" ("user_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_shift_calendar_feeds" PRIMARY KEY ("user_id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_shift_calendar_feeds_token" ON "shift_calendar_feeds" ("token_hash") `);
    await q.query(
      `CREATE TABLE "operator_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "author_id" uuid, "body" bytea NOT NULL, "sealed_key" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_operator_messages" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_operator_messages_created_at" ON "operator_messages" ("created_at") `);
    const fk = (table: string, name: string, column: string, target: string, onDelete: string) =>
      q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "${target}"("id") ON DELETE ${onDelete} ON UPDATE NO ACTION`,
      );
    await fk('shift_templates', 'FK_shift_templates_zone', 'zone_id', 'zones', 'SET NULL');
    await fk('shift_assignments', 'FK_shift_assignments_template', 'template_id', 'shift_templates', 'CASCADE');
    await fk('shift_assignments', 'FK_shift_assignments_user', 'user_id', 'users', 'CASCADE');
    await fk('shift_duty_followers', 'FK_shift_duty_followers_responder', 'responder_id', 'responders', 'CASCADE');
    await fk('shift_duty_runs', 'FK_shift_duty_runs_template', 'template_id', 'shift_templates', 'CASCADE');
    await fk('shift_duty_runs', 'FK_shift_duty_runs_user', 'user_id', 'users', 'CASCADE');
    await fk('shift_calendar_feeds', 'FK_shift_calendar_feeds_user', 'user_id', 'users', 'CASCADE');
    await fk('operator_messages', 'FK_operator_messages_author', 'author_id', 'users', 'SET NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "operator_messages"`);
    await q.query(`DROP TABLE "shift_calendar_feeds"`);
    await q.query(`DROP TABLE "shift_duty_runs"`);
    await q.query(`DROP TABLE "shift_duty_followers"`);
    await q.query(`DROP TABLE "shift_assignments"`);
    await q.query(`DROP TABLE "shift_templates"`);
  }
}
