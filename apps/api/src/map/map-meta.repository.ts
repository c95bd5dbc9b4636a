import type { MapInfo } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

type MetaRow = { version: number; importedAt: Date; source: string; bbox: number[]; counts: MapInfo['counts'] };

@Injectable()
export class MapMetaRepository {
  async current(db: Db): Promise<MapInfo | null> {
    const rows: MetaRow[] = await db.query(
      `SELECT version, imported_at AS "importedAt", source, bbox, counts FROM map_meta WHERE id = 1 AND to_regnamespace('map') IS NOT NULL`,
    );
    const row = rows[0];
    if (!row) return null;
    return { ...row, importedAt: row.importedAt.toISOString(), bbox: row.bbox as MapInfo['bbox'] };
  }
}
