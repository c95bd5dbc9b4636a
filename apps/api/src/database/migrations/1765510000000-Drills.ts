import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Drills: practice runs through the real chain, each with its (drill) incident and, once ended, its frozen report. */
export class Drills1765510000000 implements MigrationInterface {
  name = 'Drills1765510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "drills" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid, "sighting_id" uuid, "started_by" uuid, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "scenario" text NOT NULL DEFAULT '', "report" jsonb, CONSTRAINT "PK_drills" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_drills_incident" ON "drills"  ("incident_id") `);
    await q.query(
      `ALTER TABLE "drills" ADD CONSTRAINT "FK_drills_incident" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "drills" ADD CONSTRAINT "FK_drills_sighting" FOREIGN KEY ("sighting_id") REFERENCES "sightings"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "drills" ADD CONSTRAINT "FK_drills_started_by" FOREIGN KEY ("started_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "drills"`);
  }
}
