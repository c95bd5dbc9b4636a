import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

/** The SQL of the cluster channel: versions of cached topics, notifications, and attachments of large messages. */
@Injectable()
export class ClusterRepository {
  /** Bumps a topic's version (in the caller's transaction); null for a topic without one. */
  async bump(db: Db, topic: string): Promise<number | null> {
    const [row] = await db.query<{ version: string }>('UPDATE cluster_versions SET version = version + 1 WHERE topic = $1 RETURNING version', [topic]);
    return row ? Number(row.version) : null;
  }

  async versions(db: Db): Promise<Map<string, number>> {
    const rows = await db.query<{ topic: string; version: string }>('SELECT topic, version FROM cluster_versions');
    return new Map(rows.map((r) => [r.topic, Number(r.version)]));
  }

  async notify(db: Db, channel: string, payload: string): Promise<void> {
    await db.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  /** Stores a sealed message too large for NOTIFY and announces its id, in one statement. */
  async notifyAttachment(db: Db, channel: string, sealed: Buffer, header: (id: string) => string): Promise<void> {
    const [row] = await db.query<{ id: string }>('INSERT INTO cluster_attachments (payload) VALUES ($1) RETURNING id', [sealed]);
    await this.notify(db, channel, header(row!.id));
  }

  async attachment(db: Db, id: string): Promise<Buffer | null> {
    const rows = await db.query<{ payload: Buffer }>('SELECT payload FROM cluster_attachments WHERE id = $1', [id]);
    return rows[0]?.payload ?? null;
  }

  async deleteAttachmentsBefore(db: Db, cutoff: Date): Promise<void> {
    await db.query('DELETE FROM cluster_attachments WHERE created_at < $1', [cutoff]);
  }
}
