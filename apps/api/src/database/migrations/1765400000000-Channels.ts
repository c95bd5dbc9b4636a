import type { MigrationInterface, QueryRunner } from 'typeorm';

const CHANNELS = `('sms', 'whatsapp', 'telegram')`;
const OLD_SIGHTING_CHANNELS = `('hotline-call', 'sms', 'web', 'responder', 'other')`;
const SIGHTING_CHANNELS = `('hotline-call', 'sms', 'whatsapp', 'telegram', 'web', 'responder', 'other')`;

/**
 * Messaging channels (SMS, WhatsApp, Telegram): provider message ids processed once, outbound messages with their
 * delivery status, opt-outs; sightings may come from WhatsApp and Telegram, and the network's numbers count them.
 */
export class Channels1765400000000 implements MigrationInterface {
  name = 'Channels1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "channel_inbound" ("channel" text NOT NULL, "provider_message_id" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_channel_inbound_channel" CHECK ("channel" IN ${CHANNELS}), CONSTRAINT "PK_channel_inbound" PRIMARY KEY ("channel", "provider_message_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_channel_inbound_received_at" ON "channel_inbound" ("received_at")`);
    await q.query(
      `CREATE TABLE "channel_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "channel" text NOT NULL, "ref" text NOT NULL, "recipient_hash" text NOT NULL, "recipient" bytea, "sealed_key" text, "provider_message_id" text, "status" text NOT NULL DEFAULT 'queued', "error_code" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_channel_messages_ref" UNIQUE ("ref"), CONSTRAINT "CHK_channel_messages_channel" CHECK ("channel" IN ${CHANNELS}), CONSTRAINT "CHK_channel_messages_status" CHECK ("status" IN ('queued', 'sent', 'delivered', 'failed', 'undelivered')), CONSTRAINT "PK_channel_messages" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_channel_messages_recipient_hash" ON "channel_messages" ("recipient_hash")`);
    await q.query(`CREATE INDEX "IDX_channel_messages_provider_message_id" ON "channel_messages" ("provider_message_id")`);
    await q.query(`CREATE INDEX "IDX_channel_messages_created_at" ON "channel_messages" ("created_at")`);
    await q.query(
      `CREATE TABLE "channel_opt_outs" ("channel" text NOT NULL, "sender_hash" text NOT NULL, "opted_out_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_channel_opt_outs_channel" CHECK ("channel" IN ${CHANNELS}), CONSTRAINT "PK_channel_opt_outs" PRIMARY KEY ("channel", "sender_hash"))`,
    );
    await q.query(`ALTER TABLE "sightings" DROP CONSTRAINT "CHK_sightings_channel"`);
    await q.query(`ALTER TABLE "sightings" ADD CONSTRAINT "CHK_sightings_channel" CHECK ("channel" IN ${SIGHTING_CHANNELS})`);
    await q.query(`ALTER TABLE "incident_facts" ADD "whatsapp" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "incident_facts" ADD "telegram" integer NOT NULL DEFAULT '0'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "incident_facts" DROP COLUMN "telegram"`);
    await q.query(`ALTER TABLE "incident_facts" DROP COLUMN "whatsapp"`);
    await q.query(`ALTER TABLE "sightings" DROP CONSTRAINT "CHK_sightings_channel"`);
    await q.query(`ALTER TABLE "sightings" ADD CONSTRAINT "CHK_sightings_channel" CHECK ("channel" IN ${OLD_SIGHTING_CHANNELS})`);
    await q.query(`DROP TABLE "channel_opt_outs"`);
    await q.query(`DROP TABLE "channel_messages"`);
    await q.query(`DROP TABLE "channel_inbound"`);
  }
}
