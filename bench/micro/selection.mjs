// Measurement 2b's in-memory side alone, without a database: the API's wave-1 selection (CandidatePools +
// selectForNeeds, from apps/api/dist) over the full-size synthetic city (10,000 responders, 5,000 located), at
// 5,000 random points, three rounds. For before/after checks of the selection code in seconds, not minutes.
// Usage: npm run build:api && node bench/micro/selection.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIZES } from '../lib/bench.mjs';
import { AREA, generateCity } from '../lib/city.mjs';
import { loadModel } from '../lib/model.mjs';
import { rng } from '../lib/stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const city = generateCity(SIZES.full);
// The city's zones as the bench seeds them: one rectangle each.
const zones = city.zones.map((z) => {
  const [w, s, e, n] = z.bbox;
  return {
    id: z.id,
    name: z.name,
    area: {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [w, s],
            [e, s],
            [e, n],
            [w, n],
            [w, s],
          ],
        ],
      ],
    },
  };
});
const model = await loadModel(ROOT, city, zones);
const random = rng(7);
const points = Array.from({ length: SIZES.full.selectionPoints }, () => {
  const lon = AREA.west + random() * (AREA.east - AREA.west);
  const lat = AREA.south + random() * (AREA.north - AREA.south);
  return { point: [lon, lat], zoneIds: model.index.match(lon, lat) };
});
for (let round = 1; round <= 3; round++) {
  const started = performance.now();
  let selected = 0;
  for (const { point, zoneIds } of points) selected += (await model.wave1Selection(point, zoneIds)).length;
  const us = ((performance.now() - started) * 1000) / points.length;
  console.log(`round ${round}: ${us.toFixed(1)} µs per wave-1 selection (${(selected / points.length).toFixed(2)} selected on average)`);
}
