// Measurement 2: zone match and responder selection — the in-memory path the API ships vs raw PostGIS,
// on the same data, same points, same run; sequential, warm, time per query.
import { AREA } from '../lib/city.mjs';
import { median, rng } from '../lib/stats.mjs';

/** Mean time per call (µs) of `fn` over `items`: warm-up pass, then passes until `minMs`; the median pass. */
async function timeSync(items, fn, minMs) {
  for (const item of items) fn(item);
  const passes = [];
  const started = performance.now();
  while (passes.length < 3 || performance.now() - started < minMs) {
    const t0 = performance.now();
    for (const item of items) fn(item);
    passes.push(((performance.now() - t0) * 1000) / items.length);
  }
  return median(passes);
}

async function timeAsync(items, fn, minMs) {
  for (const item of items.slice(0, Math.min(items.length, 500))) await fn(item);
  const passes = [];
  const started = performance.now();
  while (passes.length < 1 || performance.now() - started < minMs) {
    const t0 = performance.now();
    for (const item of items) await fn(item);
    passes.push(((performance.now() - t0) * 1000) / items.length);
  }
  return median(passes);
}

export async function measureMatching({ pg, model, city, size }) {
  const random = rng(7);
  // Points: half inside a random zone, half anywhere in the city (most of the city lies between zones).
  const zonePoints = Array.from({ length: size.matchPoints }, (_, i) => {
    if (i % 2 === 0) {
      const z = city.zones[Math.floor(random() * city.zones.length)];
      return [z.bbox[0] + random() * (z.bbox[2] - z.bbox[0]), z.bbox[1] + random() * (z.bbox[3] - z.bbox[1])];
    }
    return [AREA.west + random() * (AREA.east - AREA.west), AREA.south + random() * (AREA.north - AREA.south)];
  });

  // Zone match: ZoneIndex (libs/geo, as the API's ZoneMatcher uses it) vs ST_Covers over the GiST-indexed zones.
  const memoryUs = await timeSync(zonePoints, ([lon, lat]) => model.index.match(lon, lat), size.minTimingMs);
  const coversSql = { name: 'bench-zone-match', text: 'SELECT id FROM zones WHERE ST_Covers(area, ST_SetSRID(ST_MakePoint($1, $2), 4326))' };
  let disagreements = 0;
  for (const [lon, lat] of zonePoints.slice(0, 2000)) {
    const db = (await pg.query({ ...coversSql, values: [lon, lat] })).rows.map((r) => r.id).sort();
    const mem = model.index.match(lon, lat).sort();
    if (db.join() !== mem.join()) disagreements++;
  }
  const postgisUs = await timeAsync(zonePoints, ([lon, lat]) => pg.query({ ...coversSql, values: [lon, lat] }), size.minTimingMs);
  const selectOneUs = await timeAsync(zonePoints.slice(0, 2000), () => pg.query({ name: 'bench-select-1', text: 'SELECT 1' }), 300);
  const explained = (
    await pg.query(
      `EXPLAIN (ANALYZE, FORMAT JSON) SELECT id FROM zones WHERE ST_Covers(area, ST_SetSRID(ST_MakePoint(${zonePoints[0][0]}, ${zonePoints[0][1]}), 4326))`,
    )
  ).rows[0]['QUERY PLAN'][0];

  // Selection: the API's CandidatePools wave 1 + selectForNeeds (live-location grid, roster, ETA ranking)
  // vs a PostGIS KNN over the same located responders (GiST, k = 3, on duty with the capability).
  await pg.query('DROP TABLE IF EXISTS bench_live_locations');
  await pg.query(
    'CREATE TABLE bench_live_locations (responder_id uuid PRIMARY KEY, on_duty boolean NOT NULL, capabilities text[] NOT NULL, geom geometry(Point, 4326) NOT NULL)',
  );
  const located = city.responders.filter((r) => r.located);
  await pg.query(
    `INSERT INTO bench_live_locations SELECT id, on_duty, caps::text[], ST_SetSRID(ST_MakePoint(lon, lat), 4326)
       FROM unnest($1::uuid[], $2::bool[], $3::text[], $4::float8[], $5::float8[]) AS t(id, on_duty, caps, lon, lat)`,
    [
      located.map((r) => r.id),
      located.map((r) => r.onDuty),
      located.map((r) => `{${r.capabilities.join(',')}}`),
      located.map((r) => r.position[0]),
      located.map((r) => r.position[1]),
    ],
  );
  await pg.query('CREATE INDEX bench_live_locations_geom ON bench_live_locations USING gist (geom)');
  await pg.query('ANALYZE bench_live_locations');

  const selectionPoints = Array.from({ length: size.selectionPoints }, () => {
    const lon = AREA.west + random() * (AREA.east - AREA.west);
    const lat = AREA.south + random() * (AREA.north - AREA.south);
    return { point: [lon, lat], zoneIds: model.index.match(lon, lat) };
  });
  const memorySelectUs = await timeAsync(selectionPoints, ({ point, zoneIds }) => model.wave1Selection(point, zoneIds), size.minTimingMs);
  let selectedTotal = 0;
  for (const { point, zoneIds } of selectionPoints.slice(0, 500)) selectedTotal += (await model.wave1Selection(point, zoneIds)).length;
  const knnSql = {
    name: 'bench-knn',
    text: `SELECT responder_id FROM bench_live_locations
            WHERE on_duty AND capabilities @> '{verifier}'
            ORDER BY geom <-> ST_SetSRID(ST_MakePoint($1, $2), 4326) LIMIT 3`,
  };
  const knnUs = await timeAsync(selectionPoints, ({ point }) => pg.query({ ...knnSql, values: point }), size.minTimingMs);
  const nearCounts = selectionPoints.slice(0, 200).map(({ point }) => model.locations.near(point[0], point[1], 2690).length);

  return {
    zone: {
      memoryUs,
      postgisUs,
      ratio: postgisUs / memoryUs,
      disagreements,
      checked: Math.min(2000, zonePoints.length),
      selectOneUs,
      serverMs: explained['Execution Time'],
      points: zonePoints.length,
    },
    selection: {
      memorySelectUs,
      knnUs,
      ratio: knnUs / memorySelectUs,
      points: selectionPoints.length,
      meanSelected: selectedTotal / Math.min(500, selectionPoints.length),
      medianNear: median(nearCounts),
      located: located.length,
    },
  };
}
