import type { OperatorMessage } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { isoTimestamp, sealedText } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';

const COLUMNS = `m.id, u.username AS author, ${sealedText('m.body')} AS text, ${isoTimestamp('m.created_at')} AS at`;

/** All SQL of the operators' thread. Bodies are sealed; queries return them opened. */
@Injectable()
export class OperatorThreadRepository {
  async insert(db: Db, authorId: string, body: Buffer, sealedKey: string): Promise<OperatorMessage> {
    const [row] = await db.query<OperatorMessage>(
      `WITH m AS (INSERT INTO operator_messages (author_id, body, sealed_key) VALUES ($1, $2, $3) RETURNING *)
       SELECT ${COLUMNS} FROM m LEFT JOIN users u ON u.id = m.author_id`,
      [authorId, body, sealedKey],
    );
    return row!;
  }

  /** The latest messages, oldest first. */
  async latest(db: Db, limit: number): Promise<OperatorMessage[]> {
    const rows = await db.query<OperatorMessage>(
      `SELECT ${COLUMNS} FROM operator_messages m LEFT JOIN users u ON u.id = m.author_id ORDER BY m.created_at DESC, m.id DESC LIMIT $1`,
      [limit],
    );
    return rows.reverse();
  }

  async purge(db: Db, before: Date): Promise<number> {
    return (await db.query(`DELETE FROM operator_messages WHERE created_at < $1 RETURNING 1`, [before])).length;
  }
}
