import type { Capability, Responder, TravelMode } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

/** A responder as stored: everything but the live location, which is never stored. */
export type ResponderProfile = Omit<Responder, 'location'>;

export type NewResponder = { userId: string; alias: string; capabilities: Capability[]; languages: string[]; travelMode: TravelMode };

/**
 * A responder whose access a coordinator ended (users.disabled_at) is off duty whatever the column says (a shift).
 * A deleted account's profile (users.deleted_at) is a blank tombstone kept for the record's pings: it is no responder.
 */
const SELECT_PROFILE = `
  SELECT r.id, r.alias, (r.on_duty AND u.disabled_at IS NULL) AS "onDuty", u.disabled_at IS NOT NULL AS "accessEnded", r.capabilities, r.languages, r.travel_mode AS "travelMode",
         coalesce(array_agg(zr.zone_id ORDER BY zr.zone_id) FILTER (WHERE zr.zone_id IS NOT NULL), '{}') AS "zoneIds"
    FROM responders r JOIN users u ON u.id = r.user_id LEFT JOIN zone_responders zr ON zr.responder_id = r.id`;

@Injectable()
export class RespondersRepository {
  async insert(db: Db, responder: NewResponder): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      'INSERT INTO responders (user_id, alias, capabilities, languages, travel_mode) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [responder.userId, responder.alias, responder.capabilities, responder.languages, responder.travelMode],
    );
    return row!.id;
  }

  list(db: Db): Promise<ResponderProfile[]> {
    return db.query(`${SELECT_PROFILE} WHERE u.deleted_at IS NULL GROUP BY r.id, u.id ORDER BY r.alias, r.id`);
  }

  async findById(db: Db, id: string): Promise<ResponderProfile | null> {
    const rows = await db.query<ResponderProfile>(`${SELECT_PROFILE} WHERE r.id = $1 AND u.deleted_at IS NULL GROUP BY r.id, u.id`, [id]);
    return rows[0] ?? null;
  }

  /** Changes what is given; false if there is no such responder. */
  async update(
    db: Db,
    id: string,
    changes: { alias?: string; onDuty?: boolean; capabilities?: Capability[]; languages?: string[]; travelMode?: TravelMode },
  ): Promise<boolean> {
    const rows = await db.query(
      `UPDATE responders
          SET alias = coalesce($2, alias), on_duty = coalesce($3, on_duty), capabilities = coalesce($4, capabilities),
              languages = coalesce($5, languages), travel_mode = coalesce($6, travel_mode), updated_at = now()
        WHERE id = $1 AND user_id IN (SELECT id FROM users WHERE deleted_at IS NULL) RETURNING id`,
      [id, changes.alias ?? null, changes.onDuty ?? null, changes.capabilities ?? null, changes.languages ?? null, changes.travelMode ?? null],
    );
    return rows.length > 0;
  }

  /**
   * Blanks a deleted account's profile, kept so the pings and answers of the record still name someone: the alias
   * becomes the blank name given, with no capabilities, languages or duty.
   */
  async erase(db: Db, id: string, alias: string): Promise<void> {
    await db.query(
      `UPDATE responders SET alias = $2, capabilities = '{}', languages = '{}', travel_mode = 'walk', on_duty = false, updated_at = now()
        WHERE id = $1`,
      [id, alias],
    );
  }

  /**
   * Holds every alias that reads as this one (compatibility forms and letter case folded) until the transaction ends:
   * whatever gives out an alias (an invite, a new account, a rename) takes it first, so two at once cannot both pass
   * `aliasTaken` (the unique index only folds letter case).
   */
  async lockAlias(db: Db, alias: string): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('responder-alias:' || lower(normalize($1, NFKC))))`, [alias.trim()]);
  }

  /** Whether another responder already goes by an alias that reads as `alias` (compatibility forms and letter case folded). */
  async aliasTaken(db: Db, alias: string, exceptId: string | null = null): Promise<boolean> {
    const rows: unknown[] = await db.query(
      'SELECT 1 FROM responders WHERE lower(normalize(alias, NFKC)) = lower(normalize($1, NFKC)) AND id IS DISTINCT FROM $2',
      [alias.trim(), exceptId],
    );
    return rows.length > 0;
  }
}
