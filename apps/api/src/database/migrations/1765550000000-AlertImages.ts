import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Images for alerts (alert_images, metadata-free JPEGs) and the alert's choice of one. */
export class AlertImages1765550000000 implements MigrationInterface {
  name = 'AlertImages1765550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "alert_images" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "content_type" text NOT NULL DEFAULT 'image/jpeg', "data" bytea NOT NULL, "sealed_key" text NOT NULL, "bytes" integer NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "sha256" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_alert_images_content_type" CHECK ("content_type" = 'image/jpeg'), CONSTRAINT "PK_alert_images" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_alert_images_created_at" ON "alert_images" ("created_at") `);
    await q.query(
      `ALTER TABLE "alert_images" ADD CONSTRAINT "FK_alert_images_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "alerts" ADD "image_id" uuid`);
    await q.query(
      `ALTER TABLE "alerts" ADD CONSTRAINT "FK_alerts_image" FOREIGN KEY ("image_id") REFERENCES "alert_images"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alerts" DROP CONSTRAINT "FK_alerts_image"`);
    await q.query(`ALTER TABLE "alerts" DROP COLUMN "image_id"`);
    await q.query(`DROP TABLE "alert_images"`);
  }
}
