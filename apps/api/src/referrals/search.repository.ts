import type { CostLevel, ReferralSearch } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';
import type { DirectoryClock } from './directory.repository.js';
import { NEEDS_REVERIFY, OPEN_NOW } from './referral-sql.js';

/** What ranking needs to know about one service that passed every filter. */
export type Candidate = {
  id: string;
  name: string;
  preferred: boolean;
  cost: CostLevel;
  openNow: boolean;
  needsReverify: boolean;
  /** Has no service area: serves anywhere (a national hotline, a remote clinic). */
  anywhere: boolean;
  /** The smallest of its areas covering the searched place, with its size (m²), if a place was given. */
  areaName: string | null;
  areaM2: number | null;
};

/**
 * The search during a call, in one statement: every filter given must hold — need, language (a tag matches its
 * subtags both ways: `zh` finds `zh-hant`), place (`ST_Covers`: the edge counts as inside; a service without
 * areas serves anywhere), open now, free/low cost, words. Ranking is the service's job (ranking.ts).
 */
@Injectable()
export class SearchRepository {
  candidates(db: Db, clock: DirectoryClock, q: ReferralSearch): Promise<Candidate[]> {
    return db.query<Candidate>(
      `SELECT * FROM (
         SELECT s.id, s.name, s.preferred, s.cost, ${OPEN_NOW} AS "openNow", ${NEEDS_REVERIFY} AS "needsReverify",
                NOT EXISTS (SELECT 1 FROM referral_service_areas a WHERE a.service_id = s.id) AS anywhere,
                cover.name AS "areaName", cover.m2 AS "areaM2"
           FROM referral_services s
           JOIN referral_organizations o ON o.id = s.organization_id
           LEFT JOIN LATERAL (
             SELECT a.name, ST_Area(a.area::geography) AS m2 FROM referral_service_areas a
              WHERE $7::float8 IS NOT NULL AND a.service_id = s.id AND ST_Covers(a.area, ST_SetSRID(ST_MakePoint($7, $8), 4326))
              ORDER BY m2 LIMIT 1) cover ON true
          WHERE ($4 OR s.status = 'active')
            AND ($5::text IS NULL OR $5 = ANY (s.needs))
            AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM unnest(s.languages) l WHERE l = $6 OR l LIKE $6 || '-%' OR $6 LIKE l || '-%'))
            AND (NOT $9 OR s.cost IN ('free', 'low', 'sliding'))
            AND ($10::text IS NULL OR s.name ILIKE $10 OR o.name ILIKE $10 OR s.description ILIKE $10 OR s.alternate_name ILIKE $10 OR o.alternate_name ILIKE $10)
       ) c
       WHERE ($7::float8 IS NULL OR c."areaName" IS NOT NULL OR c.anywhere) AND (NOT $11 OR c."openNow")`,
      [
        clock.now,
        clock.timeZone,
        clock.reverifyDays,
        q.all,
        q.need ?? null,
        q.language ?? null,
        q.lon ?? null,
        q.lat ?? null,
        q.freeOrLowCost,
        q.q ? `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
        q.openNow,
      ],
    );
  }
}
