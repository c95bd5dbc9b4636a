// Measurement 8: the street map on a generated city-size extract. Writes an OSM XML file of a grid city
// (≥ 20,000 street segments, ≥ 200,000 addresses in the full run), imports it with the real CLI
// (`map:import`, osm2pgsql + derivation + swap), then times, through the running API over HTTP:
// address/intersection/place search (p50/p95), reverse geocoding, and z14 vector tiles cold (made by PostGIS)
// and warm (from the process's cache). One request at a time, as a dispatcher types.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { rng, sleep, summary } from '../lib/stats.mjs';

const WORDS = [
  'Oak',
  'Maple',
  'Cedar',
  'Pine',
  'Elm',
  'Birch',
  'Walnut',
  'Chestnut',
  'Willow',
  'Aspen',
  'Laurel',
  'Magnolia',
  'Juniper',
  'Sycamore',
  'Hawthorn',
  'Poplar',
  'Cypress',
  'Alder',
  'Linden',
  'Hazel',
  'Olive',
  'Palm',
  'Spruce',
  'Acacia',
  'Ceiba',
  'Nopal',
];
const TYPES = ['Avenue', 'Street', 'Boulevard', 'Road', 'Drive'];
const CATEGORIES = [
  { shop: 'laundry', name: 'Laundromat' },
  { amenity: 'place_of_worship', name: 'Church' },
  { amenity: 'school', name: 'School' },
  { amenity: 'clinic', name: 'Clinic' },
  { highway: 'bus_stop', name: 'Bus stop' },
  { shop: 'bakery', name: 'Bakery' },
];
const BLOCK = 200;

/** The plan of a square grid city of `n` × `n` streets, 200 m apart, with addresses every `spacing` metres. */
export function cityPlan(n, spacing) {
  const half = ((n - 1) * BLOCK) / 2;
  const eastWest = Array.from({ length: n }, (_, i) => ({
    name: `West ${ordinal(i + 1)} Street`,
    y: half - i * BLOCK,
    highway: i % 8 === 0 ? 'secondary' : 'residential',
  }));
  const northSouth = Array.from({ length: n }, (_, i) => ({
    name: `${i % 2 ? 'South' : 'North'} ${WORDS[i % WORDS.length]}${i >= WORDS.length ? ` ${Math.floor(i / WORDS.length) + 1}` : ''} ${TYPES[i % TYPES.length]}`,
    x: -half + i * BLOCK,
    highway: i % 8 === 0 ? 'primary' : 'residential',
  }));
  const random = rng(7);
  const places = Array.from({ length: Math.round(n * n * 0.2) }, (_, k) => {
    const c = CATEGORIES[k % CATEGORIES.length];
    const { name, ...tags } = c;
    return { at: [Math.round(-half + random() * 2 * half), Math.round(-half + random() * 2 * half)], tags: { ...tags, name: `${name} ${k + 1}` } };
  });
  const centre = half / 5;
  return {
    origin: [-30, 20],
    eastWest,
    northSouth,
    diagonals: [{ name: 'South Blue Island Avenue', from: [-half, -half], to: [half, half] }],
    numberAlongEastWest: (x) => Math.round(((x + half) / BLOCK) * 100 + 2),
    numberAlongNorthSouth: (y) => Math.round(((half - y) / BLOCK) * 100 + 2),
    addressSpacing: spacing,
    buildingAt: ([x, y]) => Math.abs(x) < centre && Math.abs(y) < centre,
    interpolation: { street: northSouth[1].name, from: 101, to: 199 },
    river: { name: 'Bench River', y: -half / 2 + BLOCK / 2, width: 30 },
    parks: [{ name: 'Bench Park', box: [-350, -350, -250, -250] }],
    places,
  };
}

function ordinal(n) {
  const tens = n % 100;
  return `${n}${tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th')}`;
}

function get(url, token) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(url, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
  });
}

/** The CLI as an operator runs it beside the API: same database, same DATA_DIR (its keys seal the cluster message). */
function runCli(root, databaseUrl, dataDir, file) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['apps/api/dist/cli.js', 'map:import', file], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'error' },
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`map:import failed (${code}): ${out.slice(-2000)}`))));
  });
}

/** The z/x/y tiles covering [west, south, east, north] at zoom z. */
function tilesOver([w, s, e, n], z) {
  const scale = 2 ** z;
  const x = (lon) => Math.floor(((lon + 180) / 360) * scale);
  const y = (lat) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * scale);
  const tiles = [];
  for (let tx = x(w); tx <= x(e); tx++) for (let ty = y(n); ty <= y(s); ty++) tiles.push([z, tx, ty]);
  return tiles;
}

export async function measureMap({ api, root, tmp, databaseUrl, dataDir, token, size, log }) {
  const { writeGridTown, lonLatOf } = await import(path.join(root, 'apps/api/dist/map/grid-town.js'));
  const plan = cityPlan(size.mapStreets, size.mapAddressSpacing);
  const file = path.join(tmp, 'bench-city.osm');
  const written = await writeGridTown(plan, file);
  log(
    `map: wrote ${written.streetSegments.toLocaleString('en-US')} street segments, ${written.addresses.toLocaleString('en-US')} addresses, ${(statSync(file).size / 1e6).toFixed(0)} MB of OSM XML`,
  );

  const started = performance.now();
  const output = await runCli(root, databaseUrl, dataDir, file);
  const importSeconds = (performance.now() - started) / 1000;
  log(`map: ${output.trim().split('\n').pop()} (${importSeconds.toFixed(1)} s wall, CLI start included)`);

  // The API learns of the import by NOTIFY; wait until it answers with the map (bounded).
  const deadline = Date.now() + 30_000;
  let info = null;
  let last = null;
  while (Date.now() < deadline) {
    last = await get(`${api.url}/api/map`, token);
    if (last.status === 200) {
      info = JSON.parse(last.body.toString());
      break;
    }
    await sleep(50);
  }
  if (!info) throw new Error(`the API did not switch to the imported map within 30 s (GET /api/map: ${last?.status} ${last?.body.toString().slice(0, 300)})`);

  const random = rng(11);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const short = (name) => name.replace(/^(North|South|West|East) /, '').replace(/ (Street|Avenue|Boulevard|Road|Drive)$/, '');
  const typo = (word) => (word.length > 4 ? word.slice(0, 2) + word.slice(3) : word);
  const queries = [];
  for (let k = 0; k < size.mapQueries; k++) {
    const ew = pick(plan.eastWest).name;
    const ns = pick(plan.northSouth).name;
    switch (k % 6) {
      case 0:
        queries.push(`${short(ew)} & ${short(ns)}`);
        break;
      case 1:
        queries.push(`${typo(short(ns).toLowerCase())} y ${short(ew).replace(/(st|nd|rd|th)$/, '')}`);
        break;
      case 2:
        queries.push(`${100 + Math.floor(random() * 90) * 100 + 31} ${ns.replace(/^(North|South) /, (m) => m[0] + ' ')}`);
        break;
      case 3:
        queries.push(`${pick(CATEGORIES).name.toLowerCase()} on ${short(ew)}`);
        break;
      case 4:
        queries.push(`${pick(CATEGORIES).name} ${1 + Math.floor(random() * plan.places.length)}`);
        break;
      default:
        queries.push(typo(short(ns)));
        break;
    }
  }
  const half = ((size.mapStreets - 1) * BLOCK) / 2;
  const points = Array.from({ length: size.mapQueries }, () => lonLatOf(plan.origin, [-half + random() * 2 * half, -half + random() * 2 * half]));
  const near = lonLatOf(plan.origin, [0, 0]).join(',');

  for (const q of queries.slice(0, 20)) await get(`${api.url}/api/geocode?q=${encodeURIComponent(q)}&near=${near}`, token); // warm-up
  const search = [];
  let empty = 0;
  for (const q of queries) {
    const res = await get(`${api.url}/api/geocode?q=${encodeURIComponent(q)}&near=${near}`, token);
    if (res.status !== 200) throw new Error(`search "${q}" answered ${res.status}: ${res.body.toString().slice(0, 300)}`);
    if (JSON.parse(res.body.toString()).length === 0) empty++;
    search.push(res.ms);
  }
  const reverse = [];
  for (const [lon, lat] of points) {
    const res = await get(`${api.url}/api/geocode/reverse?lon=${lon}&lat=${lat}`, token);
    if (res.status !== 200) throw new Error(`reverse answered ${res.status}`);
    reverse.push(res.ms);
  }

  const bbox = info.bbox;
  const tiles = tilesOver(bbox, 14).slice(0, size.mapTiles);
  const cold = [];
  const warm = [];
  let bytes = 0;
  for (const [z, x, y] of tiles) {
    const res = await get(`${api.url}/api/map/tiles/${z}/${x}/${y}.mvt?v=${info.version}`, token);
    if (res.status !== 200 && res.status !== 204) throw new Error(`tile ${z}/${x}/${y} answered ${res.status}`);
    bytes += res.body.length;
    cold.push(res.ms);
  }
  for (const [z, x, y] of tiles) warm.push((await get(`${api.url}/api/map/tiles/${z}/${x}/${y}.mvt?v=${info.version}`, token)).ms);
  log(
    `map: ${queries.length} searches (${empty} with no answer), ${points.length} reverse, ${tiles.length} z14 tiles (${(bytes / tiles.length / 1024).toFixed(1)} KB gzipped on average)`,
  );
  return {
    counts: info.counts,
    written,
    fileBytes: statSync(file).size,
    importSeconds,
    search: { ...summary(search), p95: pct(search, 95) },
    reverse: { ...summary(reverse), p95: pct(reverse, 95) },
    tileCold: { ...summary(cold), p95: pct(cold, 95), kb: bytes / tiles.length / 1024 },
    tileWarm: { ...summary(warm), p95: pct(warm, 95) },
    emptySearches: empty,
    sampleQueries: queries.slice(0, 6),
  };
}

function pct(values, p) {
  const sorted = Float64Array.from(values).sort();
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}
