import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

/** The advisory-lock key space of process presences (the second key is the process's instance number). */
const PRESENCE_SPACE = 0x43_45_4e; // 'CEN'

/**
 * A SQL condition, true when the process `instance` (a column or parameter) is gone: no session holds its presence.
 * It takes that presence's lock for the caller's transaction, so two processes never take over the same dead
 * process's work at once (the second sees the lock held and leaves it).
 */
export const processGone = (instance: string): string => `pg_try_advisory_xact_lock(${PRESENCE_SPACE}, ${instance})`;

/** The SQL of the cluster channel: versions of cached topics, notifications, and attachments of large messages. */
@Injectable()
export class ClusterRepository {
  /** Bumps a topic's version (in the caller's transaction); null for a topic without one. */
  async bump(db: Db, topic: string): Promise<number | null> {
    const [row] = await db.query<{ version: string }>('UPDATE cluster_versions SET version = version + 1 WHERE topic = $1 RETURNING version', [topic]);
    return row ? Number(row.version) : null;
  }

  /**
   * Takes this process's presence on a connection that lives as long as the process (see ClusterChannel.instance);
   * false if a session still holds it (an earlier connection of this process that PostgreSQL has not closed yet).
   */
  async holdPresence(db: Db, instance: number): Promise<boolean> {
    const [row] = await db.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS held', [PRESENCE_SPACE, instance]);
    return row?.held === true;
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
