import type { MultiPolygon } from 'geojson';
import type { AlertAudience, AlertChannel, AlertLanguage } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Db } from '../database/unit-of-work.js';
import { sealedText } from '../database/sql.js';

export type SubscriberRow = { id: string; channel: AlertChannel; state: 'pending' | 'active'; zoneIds: string[]; language: AlertLanguage; drillList: boolean };
export type NewSubscriber = {
  channel: AlertChannel;
  addressHash: string;
  address: Buffer;
  sealedKey: string;
  state: 'pending' | 'active';
  zoneIds: string[];
  language: AlertLanguage;
  source: string;
  drillList: boolean;
  now: Date;
};
export type AudienceCount = { channel: AlertChannel; language: AlertLanguage; recipients: number };

const columns = `id, channel, state, zone_ids AS "zoneIds", language, drill_list AS "drillList"`;

/**
 * The audience as SQL over `alert_subscribers s`: active subscribers of the zones (and neighbours, resolved by the
 * caller), everyone active, or the drill list. Parameters: $1 zone ids (uuid[]) — unused for everyone/drill.
 */
export function audienceWhere(audience: AlertAudience): string {
  switch (audience.kind) {
    case 'zones':
      return `s.state = 'active' AND s.zone_ids && $1::uuid[]`;
    case 'everyone':
      return `s.state = 'active' AND cardinality($1::uuid[]) >= 0`;
    case 'drill':
      return `s.state = 'active' AND s.drill_list AND cardinality($1::uuid[]) >= 0`;
  }
}

/** Subscribers, found by channel and keyed address hash; all SQL of the subscriber list. */
@Injectable()
export class SubscribersRepository {
  /** Insert or replace (same channel and address): areas, language, consent time, drill flag are the new ones. */
  async upsert(db: Db, s: NewSubscriber): Promise<{ id: string; created: boolean }> {
    const [row] = await db.query<{ id: string; created: boolean }>(
      `INSERT INTO alert_subscribers AS a (channel, address_hash, address, sealed_key, state, zone_ids, language, consented_at, source, drill_list, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, $9, $10, $8)
       ON CONFLICT (channel, address_hash) DO UPDATE SET address = EXCLUDED.address, sealed_key = EXCLUDED.sealed_key, state = EXCLUDED.state,
         zone_ids = EXCLUDED.zone_ids, language = EXCLUDED.language, consented_at = EXCLUDED.consented_at,
         drill_list = a.drill_list OR EXCLUDED.drill_list, updated_at = EXCLUDED.updated_at
       RETURNING id, (xmax = 0) AS created`,
      [s.channel, s.addressHash, s.address, s.sealedKey, s.state, s.zoneIds, s.language, s.now, s.source, s.drillList],
    );
    return row!;
  }

  async find(db: Db, channel: AlertChannel, addressHash: string): Promise<SubscriberRow | null> {
    const [row] = await db.query<SubscriberRow>(`SELECT ${columns} FROM alert_subscribers WHERE channel = $1 AND address_hash = $2`, [channel, addressHash]);
    return row ?? null;
  }

  async update(db: Db, id: string, changes: { zoneIds: string[]; language: AlertLanguage; state: 'pending' | 'active' }, now: Date): Promise<void> {
    await db.query(`UPDATE alert_subscribers SET zone_ids = $2::uuid[], language = $3, state = $4, updated_at = $5 WHERE id = $1`, [
      id,
      changes.zoneIds,
      changes.language,
      changes.state,
      now,
    ]);
  }

  /** Unsubscribes: the row is deleted (deliveries keep their counts, no longer who). */
  async delete(db: Db, channel: AlertChannel, addressHash: string): Promise<number> {
    const rows = await db.query<{ id: string }>(`DELETE FROM alert_subscribers WHERE channel = $1 AND address_hash = $2 RETURNING id`, [channel, addressHash]);
    return rows.length;
  }

  async deleteById(db: Db, id: string): Promise<void> {
    await db.query(`DELETE FROM alert_subscribers WHERE id = $1`, [id]);
  }

  /** The sealed address of subscribers (decrypted by the unit of work; '' once shredded). */
  /** Opened addresses of these subscribers, each with whether it opted out of its channel since (one query a chunk). */
  async addresses(db: Db, ids: readonly string[]): Promise<Map<string, { address: string; optedOut: boolean }>> {
    const rows = await db.query<{ id: string; address: string; optedOut: boolean }>(
      `SELECT s.id, ${sealedText('s.address')} AS address,
              EXISTS (SELECT 1 FROM channel_opt_outs o WHERE o.channel = s.channel AND o.sender_hash = s.address_hash) AS "optedOut"
         FROM alert_subscribers s WHERE s.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { address: r.address, optedOut: r.optedOut }]));
  }

  /** Recipients per channel × subscriber language for an audience. */
  async count(db: Db, audience: AlertAudience, zoneIds: readonly string[], channels: readonly AlertChannel[]): Promise<AudienceCount[]> {
    return db.query<AudienceCount>(
      `SELECT s.channel, s.language, count(*)::int AS recipients FROM alert_subscribers s
        WHERE ${audienceWhere(audience)} AND s.channel = ANY($2::text[]) GROUP BY s.channel, s.language ORDER BY s.channel, s.language`,
      [zoneIds, channels],
    );
  }

  async summary(db: Db): Promise<{ channel: AlertChannel; language: AlertLanguage; subscribers: number; drill: number }[]> {
    return db.query(
      `SELECT channel, language, count(*)::int AS subscribers, count(*) FILTER (WHERE drill_list)::int AS drill
         FROM alert_subscribers WHERE state = 'active' GROUP BY channel, language ORDER BY channel, language`,
    );
  }

  /** Key ids still referred to (the alert-subscriber purpose's keys live while a row names them). */
  async purgePending(db: Db, cutoff: Date): Promise<number> {
    const rows = await db.query<{ id: string }>(`DELETE FROM alert_subscribers WHERE state = 'pending' AND updated_at < $1 RETURNING id`, [cutoff]);
    return rows.length;
  }

  /** Zones by name (case- and accent-insensitive) or by a ZIP code their name contains. */
  async zonesNamed(db: Db, words: string): Promise<{ id: string; name: string }[]> {
    return db.query(
      `SELECT id, name FROM zones
        WHERE lower(name) = lower($1)
           OR ($1 ~ '^[0-9]{5}$' AND name ~ ('(^|[^0-9])' || $1 || '([^0-9]|$)'))
        ORDER BY name`,
      [words.trim()],
    );
  }

  async zones(db: Db): Promise<{ id: string; name: string }[]> {
    return db.query(`SELECT id, name FROM zones ORDER BY name`);
  }

  async zoneOutlines(db: Db): Promise<{ id: string; name: string; geometry: MultiPolygon }[]> {
    return db.query(`SELECT id, name, ST_AsGeoJSON(area, 6)::json AS geometry FROM zones ORDER BY name`);
  }

  /** Outer rings of the zones' polygons (all zones when `ids` is null), simplified, for CAP `<polygon>`. */
  async rings(db: Db, ids: readonly string[] | null): Promise<{ name: string; ring: [number, number][] }[]> {
    return db.query(
      `SELECT z.name, (ST_AsGeoJSON(ST_ExteriorRing(d.geom), 6)::json)->'coordinates' AS ring
         FROM zones z CROSS JOIN LATERAL ST_Dump(ST_SimplifyPreserveTopology(z.area, 0.00005)) d
        WHERE $1::uuid[] IS NULL OR z.id = ANY($1::uuid[]) ORDER BY z.name`,
      [ids],
    );
  }

  async unknownZones(db: Db, ids: readonly string[]): Promise<string[]> {
    const rows = await db.query<{ id: string }>(`SELECT x.id FROM unnest($1::uuid[]) AS x(id) WHERE NOT EXISTS (SELECT 1 FROM zones z WHERE z.id = x.id)`, [
      ids,
    ]);
    return rows.map((r) => r.id);
  }

  /** The zones and those within `meters` of them. */
  async withNeighbours(db: Db, ids: readonly string[], meters: number): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      `SELECT DISTINCT n.id FROM zones z JOIN zones n ON n.id = z.id OR ST_DWithin(n.area::geography, z.area::geography, $2) WHERE z.id = ANY($1::uuid[])`,
      [ids, meters],
    );
    return rows.map((r) => r.id);
  }
}
