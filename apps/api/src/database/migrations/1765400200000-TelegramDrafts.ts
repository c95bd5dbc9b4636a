import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The Telegram guided flow's state: one draft report per chat, in the database so every API process agrees. */
export class TelegramDrafts1765400200000 implements MigrationInterface {
  name = 'TelegramDrafts1765400200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "telegram_drafts" ("sender_hash" text NOT NULL, "step" text NOT NULL, "language" text NOT NULL DEFAULT 'en', "draft" bytea, "photo" bytea, "photo_type" text, "sealed_key" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_telegram_drafts" PRIMARY KEY ("sender_hash"))`,
    );
    await q.query(`CREATE INDEX "IDX_telegram_drafts_updated_at" ON "telegram_drafts" ("updated_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "telegram_drafts"`);
  }
}
