import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

export type DraftRow = { step: string; language: string; draft: Buffer | null; photo: Buffer | null; photoType: string | null };

/** All SQL of the Telegram guided flow. */
@Injectable()
export class TelegramDraftsRepository {
  async find(db: Db, senderHash: string): Promise<DraftRow | null> {
    const [row] = await db.query<DraftRow>('SELECT step, language, draft, photo, photo_type AS "photoType" FROM telegram_drafts WHERE sender_hash = $1', [
      senderHash,
    ]);
    return row ?? null;
  }

  async save(
    db: Db,
    senderHash: string,
    row: { step: string; language: string; draft: Buffer | null; photo: Buffer | null; photoType: string | null; sealedKey: string | null },
  ): Promise<void> {
    await db.query(
      `INSERT INTO telegram_drafts (sender_hash, step, language, draft, photo, photo_type, sealed_key) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (sender_hash) DO UPDATE SET step = EXCLUDED.step, language = EXCLUDED.language, draft = EXCLUDED.draft, photo = EXCLUDED.photo,
         photo_type = EXCLUDED.photo_type, sealed_key = EXCLUDED.sealed_key, updated_at = now()`,
      [senderHash, row.step, row.language, row.draft, row.photo, row.photoType, row.sealedKey],
    );
  }

  async remove(db: Db, senderHash: string): Promise<void> {
    await db.query('DELETE FROM telegram_drafts WHERE sender_hash = $1', [senderHash]);
  }

  async purge(db: Db, before: Date): Promise<number> {
    return (await db.query('DELETE FROM telegram_drafts WHERE updated_at < $1 RETURNING sender_hash', [before])).length;
  }
}
