import type { MediaItem } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { isoTimestamp } from '../database/sql.js';
import type { Db } from '../database/unit-of-work.js';

export type NewMedia = Omit<MediaItem, 'id' | 'createdAt'> & { uploadedBy: string | null; createdAt: Date };

@Injectable()
export class MediaRepository {
  async insert(db: Db, id: string, m: NewMedia): Promise<MediaItem> {
    const [row] = await db.query<MediaItem>(
      `INSERT INTO media (id, incident_id, sighting_id, content_type, bytes, width, height, sha256, uploaded_by, source, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       RETURNING id, incident_id AS "incidentId", sighting_id AS "sightingId", content_type AS "contentType", bytes, width, height, sha256,
                 source, ${isoTimestamp('created_at')} AS "createdAt"`,
      [id, m.incidentId, m.sightingId, m.contentType, m.bytes, m.width, m.height, m.sha256, m.uploadedBy, m.source, m.createdAt],
    );
    return row!;
  }

  async find(db: Db, id: string): Promise<{ id: string; contentType: string; incidentId: string } | null> {
    const rows = await db.query<{ id: string; contentType: string; incidentId: string }>(
      'SELECT id, content_type AS "contentType", incident_id AS "incidentId" FROM media WHERE id = $1',
      [id],
    );
    return rows[0] ?? null;
  }

  async ofIncident(db: Db, incidentId: string): Promise<{ id: string; contentType: string; sha256: string; bytes: number }[]> {
    return db.query('SELECT id, content_type AS "contentType", sha256, bytes FROM media WHERE incident_id = $1 ORDER BY created_at', [incidentId]);
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
