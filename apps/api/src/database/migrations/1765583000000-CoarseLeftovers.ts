import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What is left of a purged incident keeps no exact time and no id found elsewhere. `incident_facts` keeps durations in
 * whole seconds from the first report, whether someone was dispatched and on scene in the window, and the local day and
 * hour — not the timestamps they came from. The leftovers of incidents already purged (digests, and facts without an
 * incident) get a fresh random id, their times rounded down to the hour and durations to whole seconds.
 */
export class CoarseLeftovers1765583000000 implements MigrationInterface {
  name = 'CoarseLeftovers1765583000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "incident_facts" ADD "dispatched" boolean NOT NULL DEFAULT false, ADD "on_time" boolean NOT NULL DEFAULT false,
         ADD "first_ping_seconds" integer, ADD "first_accept_seconds" integer, ADD "on_scene_seconds" integer`,
    );
    await q.query(
      `UPDATE "incident_facts" SET "dispatched" = "window_ends_at" IS NOT NULL, "on_time" = coalesce("on_scene_at" <= "window_ends_at", false),
              "first_ping_seconds" = round(extract(epoch FROM "first_ping_at" - "first_reported_at")),
              "first_accept_seconds" = round(extract(epoch FROM "first_accept_at" - "first_reported_at")),
              "on_scene_seconds" = round(extract(epoch FROM "on_scene_at" - "first_reported_at")), "refreshed_at" = date_trunc('hour', "refreshed_at")`,
    );
    await q.query(
      `ALTER TABLE "incident_facts" DROP COLUMN "opened_at", DROP COLUMN "first_reported_at", DROP COLUMN "window_ends_at",
         DROP COLUMN "first_ping_at", DROP COLUMN "first_accept_at", DROP COLUMN "on_scene_at"`,
    );
    await q.query(
      `WITH ids AS (
         SELECT x.id, gen_random_uuid() AS fresh FROM (
           SELECT id FROM "incident_digests"
           UNION SELECT f.incident_id FROM "incident_facts" f WHERE NOT EXISTS (SELECT 1 FROM "incidents" i WHERE i.id = f.incident_id)) x
       ), facts AS (
         UPDATE "incident_facts" f SET "incident_id" = ids.fresh FROM ids WHERE f.incident_id = ids.id
       )
       UPDATE "incident_digests" d SET "id" = ids.fresh, "opened_at" = date_trunc('hour', d.opened_at), "left_live_at" = date_trunc('hour', d.left_live_at),
              "purged_at" = date_trunc('hour', d.purged_at), "first_ping_seconds" = round(d.first_ping_seconds),
              "first_accept_seconds" = round(d.first_accept_seconds), "on_scene_seconds" = round(d.on_scene_seconds)
         FROM ids WHERE d.id = ids.id`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // The exact times are gone: the first report is taken as the start of its local hour.
    await q.query(
      `ALTER TABLE "incident_facts" ADD "opened_at" TIMESTAMP WITH TIME ZONE, ADD "first_reported_at" TIMESTAMP WITH TIME ZONE,
         ADD "window_ends_at" TIMESTAMP WITH TIME ZONE, ADD "first_ping_at" TIMESTAMP WITH TIME ZONE, ADD "first_accept_at" TIMESTAMP WITH TIME ZONE,
         ADD "on_scene_at" TIMESTAMP WITH TIME ZONE`,
    );
    await q.query(
      `UPDATE "incident_facts" SET "first_reported_at" = ("local_date" + make_interval(hours => "local_hour")) AT TIME ZONE "time_zone",
              "opened_at" = ("local_date" + make_interval(hours => "local_hour")) AT TIME ZONE "time_zone"`,
    );
    await q.query(
      `UPDATE "incident_facts" SET "first_ping_at" = "first_reported_at" + "first_ping_seconds" * interval '1 second',
              "first_accept_at" = "first_reported_at" + "first_accept_seconds" * interval '1 second',
              "on_scene_at" = "first_reported_at" + "on_scene_seconds" * interval '1 second',
              "window_ends_at" = CASE WHEN "dispatched" THEN "first_reported_at" + CASE WHEN "on_time" THEN coalesce("on_scene_seconds", 0) ELSE 0 END * interval '1 second' END`,
    );
    await q.query(`ALTER TABLE "incident_facts" ALTER "opened_at" SET NOT NULL, ALTER "first_reported_at" SET NOT NULL`);
    await q.query(
      `ALTER TABLE "incident_facts" DROP COLUMN "dispatched", DROP COLUMN "on_time", DROP COLUMN "first_ping_seconds",
         DROP COLUMN "first_accept_seconds", DROP COLUMN "on_scene_seconds"`,
    );
  }
}
