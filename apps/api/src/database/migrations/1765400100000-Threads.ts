import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Message threads: one per sender (SMS, WhatsApp, Telegram), their messages sealed, linked to the sighting they became. */
export class Threads1765400100000 implements MigrationInterface {
  name = 'Threads1765400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "threads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "channel" text NOT NULL, "sender_hash" text NOT NULL, "sender" bytea NOT NULL, "sealed_key" text NOT NULL, "language" text, "unread" integer NOT NULL DEFAULT '0', "last_message_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sighting_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_threads_sender" UNIQUE ("channel", "sender_hash"), CONSTRAINT "CHK_threads_channel" CHECK ("channel" IN ('sms', 'whatsapp', 'telegram')), CONSTRAINT "PK_threads" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_threads_last_message_at" ON "threads" ("last_message_at")`);
    await q.query(
      `CREATE TABLE "thread_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "direction" text NOT NULL, "body" bytea NOT NULL, "photo" bytea, "photo_type" text, "sealed_key" text NOT NULL, "channel_message_id" uuid, "status" text, "error_code" text, "author_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_thread_messages_direction" CHECK ("direction" IN ('in', 'out')), CONSTRAINT "PK_thread_messages" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_thread_messages_thread" ON "thread_messages" ("thread_id")`);
    await q.query(`CREATE INDEX "IDX_thread_messages_channel_message" ON "thread_messages" ("channel_message_id")`);
    await q.query(
      `ALTER TABLE "threads" ADD CONSTRAINT "FK_threads_sighting" FOREIGN KEY ("sighting_id") REFERENCES "sightings"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "thread_messages" ADD CONSTRAINT "FK_thread_messages_thread" FOREIGN KEY ("thread_id") REFERENCES "threads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "thread_messages" ADD CONSTRAINT "FK_thread_messages_author" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "thread_messages"`);
    await q.query(`DROP TABLE "threads"`);
  }
}
