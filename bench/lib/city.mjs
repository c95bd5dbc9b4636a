// The synthetic city: zones on a grid over Chicago, responders with zones, capabilities and home
// positions, watchers (dispatchers, coordinators). Generated deterministically, then written with bulk SQL
// (setup only: every measured operation goes through the real HTTP/socket API), with self-minted tokens.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { rng } from './stats.mjs';

/** The city's extent and grid: 40 × 25 cells of 0.01° × 0.012° (≈ 830 m × 1.33 km), a ≈ 400 m square zone in each. */
export const AREA = { west: -87.9, south: 41.7, east: -87.5, north: 42.0 };
const COLS = 40;
const ROWS = 25;
const PITCH_LON = (AREA.east - AREA.west) / COLS;
const PITCH_LAT = (AREA.north - AREA.south) / ROWS;
const MID_LAT = (AREA.south + AREA.north) / 2;
const ZONE_LON = 400 / (111_320 * Math.cos((MID_LAT * Math.PI) / 180)); // 400 m east–west
const ZONE_LAT = 400 / 111_195; // 400 m north–south

const TRAVEL = [
  ['walk', 0.4],
  ['bike', 0.25],
  ['car', 0.2],
  ['transit', 0.15],
];
const OTHER_CAPABILITIES = ['legal_observer', 'accompaniment', 'driver', 'translator'];

/**
 * Builds the city in memory.
 * @param {{ responders: number, located: number, connectedResponders: number, watchers: number }} size
 */
export function generateCity(size, seed = 20251122) {
  const random = rng(seed);
  const pick = (weighted) => {
    let r = random();
    for (const [value, weight] of weighted) if ((r -= weight) < 0) return value;
    return weighted[weighted.length - 1][0];
  };

  const zones = [];
  for (let row = 0; row < ROWS; row++) {
    for (let col = 0; col < COLS; col++) {
      const cx = AREA.west + (col + 0.5) * PITCH_LON;
      const cy = AREA.south + (row + 0.5) * PITCH_LAT;
      zones.push({
        id: randomUUID(),
        name: `Zone ${String(row).padStart(2, '0')}-${String(col).padStart(2, '0')}`,
        row,
        col,
        bbox: [cx - ZONE_LON / 2, cy - ZONE_LAT / 2, cx + ZONE_LON / 2, cy + ZONE_LAT / 2],
        cell: [AREA.west + col * PITCH_LON, AREA.south + row * PITCH_LAT, AREA.west + (col + 1) * PITCH_LON, AREA.south + (row + 1) * PITCH_LAT],
      });
    }
  }
  const zoneAt = (row, col) => zones[row * COLS + col];

  const responders = [];
  for (let i = 0; i < size.responders; i++) {
    const home = zones[i % zones.length];
    const zoneIds = [home.id];
    if (random() < 0.5) {
      // a second zone: a neighbouring cell
      const dr = [-1, 0, 1][Math.floor(random() * 3)];
      const dc = dr === 0 ? (random() < 0.5 ? -1 : 1) : [-1, 0, 1][Math.floor(random() * 3)];
      const r = home.row + dr;
      const c = home.col + dc;
      if (r >= 0 && r < ROWS && c >= 0 && c < COLS) zoneIds.push(zoneAt(r, c).id);
    }
    const capabilities = random() < 0.85 ? ['verifier'] : [];
    for (const cap of OTHER_CAPABILITIES) if (random() < 0.15) capabilities.push(cap);
    if (capabilities.length === 0) capabilities.push('legal_observer');
    // Where they are: 60 % inside their home zone, the rest somewhere in its grid cell.
    const box = random() < 0.6 ? home.bbox : home.cell;
    const position = [box[0] + random() * (box[2] - box[0]), box[1] + random() * (box[3] - box[1])];
    responders.push({
      id: randomUUID(),
      userId: randomUUID(),
      username: `r${String(i).padStart(5, '0')}`,
      alias: `R${String(i).padStart(5, '0')}`,
      onDuty: random() < 0.9,
      capabilities,
      languages: random() < 0.7 ? ['es', 'en'] : ['en'],
      travelMode: pick(TRAVEL),
      zoneIds,
      homeCol: home.col,
      position,
      located: false,
      connected: false,
    });
  }
  // Live locations: `located` of the on-duty responders (spread evenly over the list).
  const onDuty = responders.filter((r) => r.onDuty);
  const step = onDuty.length / size.located;
  for (let k = 0; k < size.located && k * step < onDuty.length; k++) onDuty[Math.floor(k * step)].located = true;
  // Connected phones: located responders in the western 16 columns, so report points there have connected
  // responders nearest (measurement 1 still checks each report's expected pings, see report-to-ping).
  let connected = 0;
  for (const r of responders) {
    if (connected >= size.connectedResponders) break;
    if (r.located && r.homeCol < 16) {
      r.connected = true;
      connected++;
    }
  }
  for (const r of responders) {
    if (connected >= size.connectedResponders) break;
    if (r.located && !r.connected) {
      r.connected = true;
      connected++;
    }
  }

  // Map watchers: 80 % dispatchers, 20 % coordinators.
  const watchers = [];
  for (let i = 0; i < size.watchers; i++) {
    const role = i % 5 === 4 ? 'coordinator' : 'dispatcher';
    watchers.push({ id: randomUUID(), username: `${role[0]}${String(i).padStart(5, '0')}`, role });
  }
  return { zones, responders, watchers };
}

/** Writes the city with bulk SQL into a migrated database (`client`: a connected pg.Client). */
export async function seedCity(client, city) {
  const { zones, responders, watchers } = city;
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO zones (id, name, area)
     SELECT id, name, ST_Multi(ST_MakeEnvelope(x0, y0, x1, y1, 4326))
       FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[]) AS t(id, name, x0, y0, x1, y1)`,
    [zones.map((z) => z.id), zones.map((z) => z.name), ...[0, 1, 2, 3].map((k) => zones.map((z) => z.bbox[k]))],
  );
  const users = [...responders.map((r) => [r.userId, r.username, 'responder']), ...watchers.map((w) => [w.id, w.username, w.role])];
  await client.query(
    `INSERT INTO users (id, username, password_hash, role)
     SELECT id, username, '!bench: no password, tokens are minted', role FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, username, role)`,
    [users.map((u) => u[0]), users.map((u) => u[1]), users.map((u) => u[2])],
  );
  await client.query(
    `INSERT INTO responders (id, user_id, alias, on_duty, capabilities, languages, travel_mode)
     SELECT id, user_id, alias, on_duty, caps::text[], langs::text[], mode
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bool[], $5::text[], $6::text[], $7::text[]) AS t(id, user_id, alias, on_duty, caps, langs, mode)`,
    [
      responders.map((r) => r.id),
      responders.map((r) => r.userId),
      responders.map((r) => r.alias),
      responders.map((r) => r.onDuty),
      responders.map((r) => `{${r.capabilities.join(',')}}`),
      responders.map((r) => `{${r.languages.join(',')}}`),
      responders.map((r) => r.travelMode),
    ],
  );
  const pairs = responders.flatMap((r) => r.zoneIds.map((z) => [z, r.id]));
  await client.query(`INSERT INTO zone_responders (zone_id, responder_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])`, [
    pairs.map((p) => p[0]),
    pairs.map((p) => p[1]),
  ]);
  await client.query('COMMIT');
  await client.query('ANALYZE');
}

/**
 * Mints access tokens exactly as apps/api/src/auth/token.service.ts issues them: HS256, claims
 * { role, name, rid, sat }, sub = user id, iat, exp. They live `ttlSeconds` (the bench outlasts the default 15 min).
 */
export async function mintTokens(secret, city, ttlSeconds = 3 * 3600) {
  const key = new TextEncoder().encode(secret);
  const sat = Date.now();
  const exp = Math.floor(sat / 1000) + ttlSeconds;
  const sign = (sub, role, name, rid) =>
    new SignJWT({ role, name, rid, sat }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime(exp).sign(key);
  for (const r of city.responders) r.token = await sign(r.userId, 'responder', r.username, r.id);
  for (const w of city.watchers) w.token = await sign(w.id, w.role, w.username, null);
}
