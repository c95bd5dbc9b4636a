import type { MediaItem } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { isoTimestamp } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';
import { KEPT } from '../incidents/incident-retention.repository.js';

export type NewMedia = Omit<MediaItem, 'id' | 'createdAt'> & { uploadedBy: string | null; createdAt: Date; sealedKey: string };

/** A stored photo's file: its name, and the key it is sealed under (null: stored before sealing existed). */
export type MediaFile = { id: string; contentType: string; sealedKey: string | null };

@Injectable()
export class MediaRepository {
  async insert(db: Db, id: string, m: NewMedia): Promise<MediaItem> {
    const [row] = await db.query<MediaItem>(
      `INSERT INTO media (id, incident_id, sighting_id, content_type, bytes, width, height, sha256, uploaded_by, source, created_at, sealed_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       RETURNING id, incident_id AS "incidentId", sighting_id AS "sightingId", content_type AS "contentType", bytes, width, height, sha256,
                 source, ${isoTimestamp('created_at')} AS "createdAt"`,
      [id, m.incidentId, m.sightingId, m.contentType, m.bytes, m.width, m.height, m.sha256, m.uploadedBy, m.source, m.createdAt, m.sealedKey],
    );
    return row!;
  }

  async find(db: Db, id: string): Promise<(MediaFile & { incidentId: string }) | null> {
    const rows = await db.query<MediaFile & { incidentId: string }>(
      'SELECT id, content_type AS "contentType", incident_id AS "incidentId", sealed_key AS "sealedKey" FROM media WHERE id = $1',
      [id],
    );
    return rows[0] ?? null;
  }

  async ofIncident(db: Db, incidentId: string): Promise<(MediaFile & { sha256: string; bytes: number })[]> {
    return db.query(
      'SELECT id, content_type AS "contentType", sealed_key AS "sealedKey", sha256, bytes FROM media WHERE incident_id = $1 ORDER BY created_at',
      [incidentId],
    );
  }

  /**
   * Photos whose file is sealed under a key of `purpose` while their incident's record is (`kept` true) or is not
   * kept: to move to the kept key once confirmed, and back when the confirmation is withdrawn.
   */
  toReseal(db: Db, purpose: string, kept: boolean, limit: number): Promise<MediaFile[]> {
    return db.query(
      `SELECT m.id, m.content_type AS "contentType", m.sealed_key AS "sealedKey" FROM media m JOIN incidents i ON i.id = m.incident_id
        WHERE m.sealed_key LIKE $1 || '/%' AND ${KEPT} = $3 LIMIT $2`,
      [purpose, limit, kept],
    );
  }

  /** Photos stored before sealing existed. */
  unsealed(db: Db, limit: number): Promise<MediaFile[]> {
    return db.query('SELECT id, content_type AS "contentType", sealed_key AS "sealedKey" FROM media WHERE sealed_key IS NULL LIMIT $1', [limit]);
  }

  /** Photos a deleted account uploaded show its blank name as their source. */
  async renameSource(db: Db, userId: string, label: string): Promise<void> {
    await db.query('UPDATE media SET source = $2 WHERE uploaded_by = $1', [userId, label]);
  }

  async setSealedKey(db: Db, id: string, keyId: string): Promise<void> {
    await db.query('UPDATE media SET sealed_key = $2 WHERE id = $1', [id, keyId]);
  }

  /** Which of these ids still have a row (the rest are files of purged incidents). */
  async existing(db: Db, ids: readonly string[]): Promise<Set<string>> {
    const rows = await db.query<{ id: string }>('SELECT id FROM media WHERE id = ANY($1::uuid[])', [ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** The incident of a ping that belongs to this responder and is on scene, for a verifier's photo. */
  async pingIncident(db: Db, pingId: string): Promise<{ incidentId: string; responderId: string; status: string; alias: string } | null> {
    const rows = await db.query<{ incidentId: string; responderId: string; status: string; alias: string }>(
      `SELECT d.incident_id AS "incidentId", p.responder_id AS "responderId", p.status, r.alias
         FROM pings p JOIN dispatches d ON d.id = p.dispatch_id JOIN responders r ON r.id = p.responder_id WHERE p.id = $1`,
      [pingId],
    );
    return rows[0] ?? null;
  }
}
