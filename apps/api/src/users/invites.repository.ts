import type { Capability, TravelMode } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';

export type InviteRow = {
  id: string;
  alias: string;
  capabilities: Capability[];
  languages: string[];
  travelMode: TravelMode;
  zoneIds: string[];
  expiresAt: Date;
  acceptedAt: Date | null;
};

const COLUMNS = `id, alias, capabilities, languages, travel_mode AS "travelMode", zone_ids AS "zoneIds", expires_at AS "expiresAt", accepted_at AS "acceptedAt"`;

@Injectable()
export class InvitesRepository {
  async insert(db: Db, invite: Omit<InviteRow, 'id' | 'acceptedAt'> & { tokenHash: string; createdBy: string }): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO invites (token_hash, alias, capabilities, languages, travel_mode, zone_ids, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [invite.tokenHash, invite.alias, invite.capabilities, invite.languages, invite.travelMode, invite.zoneIds, invite.createdBy, invite.expiresAt],
    );
    return row!.id;
  }

  /** An invite not accepted and not expired at `now` carries an alias that reads as this one (NFKC, then lower case). */
  async pendingWithAlias(db: Db, alias: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await db.query(
      'SELECT 1 FROM invites WHERE lower(normalize(trim(alias), NFKC)) = lower(normalize($1, NFKC)) AND accepted_at IS NULL AND expires_at > $2 LIMIT 1',
      [alias.trim(), now],
    );
    return rows.length > 0;
  }

  async findByTokenHash(db: Db, tokenHash: string, options: { lock?: boolean } = {}): Promise<InviteRow | null> {
    const rows = await db.query<InviteRow>(`SELECT ${COLUMNS} FROM invites WHERE token_hash = $1${options.lock ? ' FOR UPDATE' : ''}`, [tokenHash]);
    return rows[0] ?? null;
  }

  /** The invite a deleted responder came from (the alias, capabilities, languages and zones prepared for them). */
  async deleteOfResponder(db: Db, responderId: string): Promise<void> {
    await db.query('DELETE FROM invites WHERE responder_id = $1', [responderId]);
  }

  async markAccepted(db: Db, id: string, responderId: string, at: Date): Promise<void> {
    await db.query('UPDATE invites SET accepted_at = $2, responder_id = $3 WHERE id = $1', [id, at, responderId]);
  }
}
