import { Injectable } from '@nestjs/common';
import { isoTimestamp, sealedText } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';

export type ThreadRow = {
  id: string;
  channel: 'sms' | 'whatsapp' | 'telegram';
  senderHash: string;
  language: string | null;
  unread: number;
  lastMessageAt: string;
  sightingId: string | null;
  incidentId: string | null;
  optedOut: boolean;
  /** The newest message's sealed body, opened. */
  lastBody: string;
};

export type MessageRow = {
  id: string;
  threadId: string;
  direction: 'in' | 'out';
  body: string;
  hasPhoto: boolean;
  status: 'queued' | 'sent' | 'delivered' | 'failed' | 'undelivered' | null;
  errorCode: string | null;
  author: string | null;
  at: string;
};

const THREAD = `t.id, t.channel, t.sender_hash AS "senderHash", t.language, t.unread, ${isoTimestamp('t.last_message_at')} AS "lastMessageAt",
  t.sighting_id AS "sightingId", s.incident_id AS "incidentId",
  EXISTS (SELECT 1 FROM channel_opt_outs o WHERE o.channel = t.channel AND o.sender_hash = t.sender_hash) AS "optedOut",
  coalesce((SELECT ${sealedText('m.body')} FROM thread_messages m WHERE m.thread_id = t.id AND m.direction = 'in' ORDER BY m.created_at DESC, m.id DESC LIMIT 1), '""'::json) AS "lastBody"`;
const FROM = `FROM threads t LEFT JOIN sightings s ON s.id = t.sighting_id`;
const MESSAGE = `m.id, m.thread_id AS "threadId", m.direction, ${sealedText('m.body')} AS body, m.photo IS NOT NULL AS "hasPhoto", m.status,
  m.error_code AS "errorCode", u.username AS author, ${isoTimestamp('m.created_at')} AS at`;

/** All SQL of message threads. */
@Injectable()
export class ThreadsRepository {
  /** The sender's thread, created if new; a new message counts as unread and re-seals the sender under today's key. */
  async touch(
    db: Db,
    input: { channel: string; senderHash: string; sender: Buffer; sealedKey: string; language: string | null; unread: boolean },
  ): Promise<{ id: string; created: boolean; language: string | null }> {
    const [row] = await db.query<{ id: string; created: boolean; language: string | null }>(
      `INSERT INTO threads (channel, sender_hash, sender, sealed_key, language, unread) VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN 1 ELSE 0 END)
       ON CONFLICT (channel, sender_hash) DO UPDATE SET sender = EXCLUDED.sender, sealed_key = EXCLUDED.sealed_key,
         language = coalesce(EXCLUDED.language, threads.language), unread = threads.unread + EXCLUDED.unread, last_message_at = now()
       RETURNING id, (xmax = 0) AS created, language`,
      [input.channel, input.senderHash, input.sender, input.sealedKey, input.language, input.unread],
    );
    return row!;
  }

  async addMessage(
    db: Db,
    input: {
      threadId: string;
      direction: 'in' | 'out';
      body: Buffer;
      photo: Buffer | null;
      photoType: string | null;
      sealedKey: string;
      authorId: string | null;
      status: string | null;
    },
  ): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO thread_messages (thread_id, direction, body, photo, photo_type, sealed_key, author_id, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [input.threadId, input.direction, input.body, input.photo, input.photoType, input.sealedKey, input.authorId, input.status],
    );
    return row!.id;
  }

  /**
   * Links a thread message to the channel message that carried it. The status is the channel message's as it is
   * now: a provider's status callback can arrive before this link exists, and must not be lost.
   */
  async setDelivery(db: Db, messageId: string, delivery: { channelMessageId: string | null; status: string; errorCode: string | null }): Promise<void> {
    await db.query(
      `UPDATE thread_messages t SET channel_message_id = coalesce($2, t.channel_message_id),
              status = coalesce((SELECT c.status FROM channel_messages c WHERE c.id = $2), $3),
              error_code = coalesce((SELECT c.error_code FROM channel_messages c WHERE c.id = $2), $4)
        WHERE t.id = $1`,
      [messageId, delivery.channelMessageId, delivery.status, delivery.errorCode],
    );
  }

  /** A delivery report for the channel layer's message: the thread message it belongs to, updated. */
  async deliveryReported(db: Db, channelMessageId: string, status: string, errorCode: string | null): Promise<string | null> {
    const [row] = await db.query<{ id: string }>(
      'UPDATE thread_messages SET status = $2, error_code = coalesce($3, error_code) WHERE channel_message_id = $1 RETURNING id',
      [channelMessageId, status, errorCode],
    );
    return row?.id ?? null;
  }

  async list(db: Db, limit: number): Promise<ThreadRow[]> {
    return db.query<ThreadRow>(`SELECT ${THREAD} ${FROM} ORDER BY t.last_message_at DESC LIMIT $1`, [limit]);
  }

  async find(db: Db, id: string): Promise<ThreadRow | null> {
    const [row] = await db.query<ThreadRow>(`SELECT ${THREAD} ${FROM} WHERE t.id = $1`, [id]);
    return row ?? null;
  }

  async sender(
    db: Db,
    id: string,
  ): Promise<{ channel: 'sms' | 'whatsapp' | 'telegram'; sender: Buffer; language: string | null; sightingId: string | null } | null> {
    const [row] = await db.query<{ channel: 'sms' | 'whatsapp' | 'telegram'; sender: Buffer; language: string | null; sightingId: string | null }>(
      'SELECT channel, sender, language, sighting_id AS "sightingId" FROM threads WHERE id = $1',
      [id],
    );
    return row ?? null;
  }

  async messages(db: Db, threadId: string): Promise<MessageRow[]> {
    return db.query<MessageRow>(
      `SELECT ${MESSAGE} FROM thread_messages m LEFT JOIN users u ON u.id = m.author_id WHERE m.thread_id = $1 ORDER BY m.created_at, m.id`,
      [threadId],
    );
  }

  async message(db: Db, id: string): Promise<MessageRow | null> {
    const [row] = await db.query<MessageRow>(`SELECT ${MESSAGE} FROM thread_messages m LEFT JOIN users u ON u.id = m.author_id WHERE m.id = $1`, [id]);
    return row ?? null;
  }

  /** The sealed photo of a message of a thread. */
  async photo(db: Db, threadId: string, messageId: string): Promise<{ photo: Buffer; photoType: string } | null> {
    const [row] = await db.query<{ photo: Buffer; photoType: string }>(
      'SELECT photo, photo_type AS "photoType" FROM thread_messages WHERE id = $1 AND thread_id = $2 AND photo IS NOT NULL',
      [messageId, threadId],
    );
    return row ?? null;
  }

  async photos(db: Db, threadId: string): Promise<{ photo: Buffer; photoType: string }[]> {
    return db.query('SELECT photo, photo_type AS "photoType" FROM thread_messages WHERE thread_id = $1 AND photo IS NOT NULL ORDER BY created_at', [threadId]);
  }

  async markRead(db: Db, id: string): Promise<boolean> {
    const rows = await db.query('UPDATE threads SET unread = 0 WHERE id = $1 RETURNING id', [id]);
    return rows.length === 1;
  }

  /** Links the thread to its sighting, unless it has one already (then false). */
  async link(db: Db, id: string, sightingId: string): Promise<boolean> {
    const rows = await db.query('UPDATE threads SET sighting_id = $2 WHERE id = $1 AND sighting_id IS NULL RETURNING id', [id, sightingId]);
    return rows.length === 1;
  }

  async lock(db: Db, id: string): Promise<{ sightingId: string | null } | null> {
    const [row] = await db.query<{ sightingId: string | null }>('SELECT sighting_id AS "sightingId" FROM threads WHERE id = $1 FOR UPDATE', [id]);
    return row ?? null;
  }

  /** Threads quiet since before `before`, with their messages. */
  async purge(db: Db, before: Date): Promise<number> {
    const rows = await db.query('DELETE FROM threads WHERE last_message_at < $1 RETURNING id', [before]);
    return rows.length;
  }
}
