import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each ping names the process that will send it (its presence, see ClusterChannel.instance): the outbox re-sends a
 * ping only once that process is gone, never because it is slow under load. Rows from before have none and count
 * as gone.
 */
export class PingSender1765530000000 implements MigrationInterface {
  name = 'PingSender1765530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "pings" ADD "sender" integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "pings" DROP COLUMN "sender"`);
  }
}
