import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hotline's calls: operators' call settings (phone sealed), calls (caller's number sealed for the call-back,
 * a keyed hash for repeat callers and bans), the legs that rang operators' phones, and the ban list.
 */
export class Hotline1765410000000 implements MigrationInterface {
  name = 'Hotline1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "hotline_operators" ("user_id" uuid NOT NULL, "phone" bytea, "phone_hint" text, "email" bytea, "email_hint" text, "sealed_key" text, "languages" text array NOT NULL DEFAULT '{}', "fallback" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_hotline_operators" PRIMARY KEY ("user_id"))`,
    );
    await q.query(
      `CREATE TABLE "hotline_calls" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_sid" text NOT NULL, "state" text NOT NULL, "refused_because" text, "language" text, "fallback" boolean NOT NULL DEFAULT false, "caller_hash" text NOT NULL, "caller" bytea, "sealed_key" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "answered_by" uuid, "answered_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, "duration_seconds" integer, "voicemail_seconds" integer, "callback_open" boolean NOT NULL DEFAULT false, "callback_by" uuid, "callback_done_at" TIMESTAMP WITH TIME ZONE, "alerted_at" TIMESTAMP WITH TIME ZONE, "sighting_id" uuid, "timeline_logged" boolean NOT NULL DEFAULT false, CONSTRAINT "CHK_hotline_calls_state" CHECK ("state" IN ('ringing', 'answered', 'missed', 'voicemail', 'refused')), CONSTRAINT "PK_hotline_calls" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_hotline_calls_provider_sid" ON "hotline_calls" ("provider_sid")`);
    await q.query(`CREATE INDEX "IDX_hotline_calls_started" ON "hotline_calls" ("started_at")`);
    await q.query(`CREATE INDEX "IDX_hotline_calls_caller" ON "hotline_calls" ("caller_hash")`);
    await q.query(
      `CREATE TABLE "hotline_call_legs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_id" uuid NOT NULL, "user_id" uuid NOT NULL, "provider_sid" text, "state" text NOT NULL DEFAULT 'ringing', CONSTRAINT "CHK_hotline_call_legs_state" CHECK ("state" IN ('ringing', 'accepted', 'ended', 'cancelled')), CONSTRAINT "PK_hotline_call_legs" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_hotline_call_legs_call" ON "hotline_call_legs" ("call_id")`);
    await q.query(
      `CREATE TABLE "hotline_bans" ("caller_hash" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_hotline_bans" PRIMARY KEY ("caller_hash"))`,
    );
    const fk = (table: string, name: string, column: string, target: string, onDelete: string) =>
      q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "${target}"("id") ON DELETE ${onDelete} ON UPDATE NO ACTION`,
      );
    await fk('hotline_operators', 'FK_hotline_operators_user', 'user_id', 'users', 'CASCADE');
    await fk('hotline_calls', 'FK_hotline_calls_answered_by', 'answered_by', 'users', 'SET NULL');
    await fk('hotline_calls', 'FK_hotline_calls_callback_by', 'callback_by', 'users', 'SET NULL');
    await fk('hotline_calls', 'FK_hotline_calls_sighting', 'sighting_id', 'sightings', 'SET NULL');
    await fk('hotline_call_legs', 'FK_hotline_call_legs_call', 'call_id', 'hotline_calls', 'CASCADE');
    await fk('hotline_call_legs', 'FK_hotline_call_legs_user', 'user_id', 'users', 'CASCADE');
    await fk('hotline_bans', 'FK_hotline_bans_user', 'created_by', 'users', 'SET NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "hotline_bans"`);
    await q.query(`DROP TABLE "hotline_call_legs"`);
    await q.query(`DROP TABLE "hotline_calls"`);
    await q.query(`DROP TABLE "hotline_operators"`);
  }
}
