import type { AlertImage } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';
import { imageGoingOut } from './went-out.js';

/** What the alerts' queries select of an image (the alert's `image`, or null). */
export const imageOfAlert = (alert: string) =>
  `(SELECT json_build_object('id', i.id, 'contentType', i.content_type, 'bytes', i.bytes, 'width', i.width, 'height', i.height, 'sha256', i.sha256)
      FROM alert_images i WHERE i.id = ${alert}.image_id)`;

/** Images for alerts: all of their SQL. */
@Injectable()
export class AlertImagesRepository {
  /** `sealed` is the JPEG sealed under `sealedKey`; `bytes` its clear size. */
  async insert(
    db: Db,
    image: { sealed: Buffer; sealedKey: string; bytes: number; width: number; height: number; sha256: string; createdBy: string; now: Date },
  ): Promise<AlertImage> {
    const [row] = await db.query<AlertImage>(
      `INSERT INTO alert_images (data, sealed_key, bytes, width, height, sha256, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING id, content_type AS "contentType", bytes, width, height, sha256`,
      [image.sealed, image.sealedKey, image.bytes, image.width, image.height, image.sha256, image.createdBy, image.now],
    );
    return row!;
  }

  async find(db: Db, id: string): Promise<AlertImage | null> {
    const [row] = await db.query<AlertImage>(`SELECT id, content_type AS "contentType", bytes, width, height, sha256 FROM alert_images WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** The sealed bytes; with `released`, only of an image an alert uses that went out or is being handed to a provider (went-out.ts: imageGoingOut). */
  async sealed(db: Db, id: string, options: { released: boolean }): Promise<{ data: Buffer; contentType: string } | null> {
    const [row] = await db.query<{ data: Buffer; contentType: string }>(
      `SELECT i.data, i.content_type AS "contentType" FROM alert_images i
        WHERE i.id = $1
          AND (NOT $2 OR EXISTS (SELECT 1 FROM alerts a WHERE a.image_id = i.id AND ${imageGoingOut('a')}))`,
      [id, options.released],
    );
    return row ?? null;
  }

  /**
   * Deletes images uploaded before `before` that no alert uses that went out or is still being written (a draft or
   * awaiting approval): left out of every alert, or only on one cancelled before it was sent (its image_id is nulled).
   */
  async purgeUnused(db: Db, before: Date): Promise<number> {
    const rows = await db.query<{ id: string }>(
      `DELETE FROM alert_images i WHERE i.created_at < $1 AND NOT EXISTS (
         SELECT 1 FROM alerts a WHERE a.image_id = i.id AND (a.started_at IS NOT NULL OR a.status IN ('draft', 'awaiting_approval'))
       ) RETURNING i.id`,
      [before],
    );
    return rows.length;
  }
}
