import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type GridTownPlan, lonLatOf, writeGridTown, type Xy } from '../../apps/api/src/map/grid-town.js';

/**
 * A small generated town for tests: three numbered streets crossed by three avenues, a diagonal (Blue Island),
 * a river the avenues cross on bridges, addresses with an interpolation line, a park and a few places.
 */
export const TEST_ORIGIN: [number, number] = [-50, 20];
export const here = (x: number, y: number): [number, number] => lonLatOf(TEST_ORIGIN, [x, y] as Xy);

export const testTown = (overrides: Partial<GridTownPlan> = {}): GridTownPlan => ({
  origin: TEST_ORIGIN,
  eastWest: [
    { name: 'West 18th Street', y: 0 },
    { name: 'West 19th Street', y: -200 },
    { name: 'West 20th Street', y: -400, highway: 'tertiary' },
  ],
  northSouth: [
    { name: 'South Ashland Avenue', x: 0, highway: 'secondary' },
    { name: 'South Loomis Street', x: 250 },
    { name: 'Calle Ceiba', x: 500 },
  ],
  // y = x − 400: crosses 18th at x = 400, 19th at x = 200, and the river at x = 100.
  diagonals: [{ name: 'South Blue Island Avenue', from: [-100, -500], to: [600, 200] }],
  numberAlongNorthSouth: (y) => Math.round(1800 - y / 2),
  numberAlongEastWest: (x) => Math.round(1600 - x / 2.5),
  addressSpacing: 30,
  interpolation: { street: 'Calle Ceiba', from: 1801, to: 1899 },
  river: { name: 'Río Prueba', y: -300, width: 20 },
  parks: [{ name: 'Parque Prueba', box: [20, -180, 230, -20] }],
  places: [
    { at: [330, 14], tags: { shop: 'laundry', name: 'Lavandería La Estrella' } },
    { at: [20, -100], footprint: 20, tags: { amenity: 'place_of_worship', name: 'St. Pius V Church' } },
    { at: [270, -60], tags: { amenity: 'school', name: 'Escuela Benito Juárez' } },
    { at: [-15, -210], tags: { highway: 'bus_stop', name: 'Ashland & 19th' } },
  ],
  ...overrides,
});

export async function writeTown(plan: GridTownPlan): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'centinela-town-'));
  const file = path.join(dir, 'town.osm');
  await writeGridTown(plan, file);
  return file;
}

export function writeBrokenOsm(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'centinela-town-')), 'broken.osm');
  writeFileSync(file, '<?xml version="1.0"?><osm version="0.6"><node id="1" lat="x"');
  return file;
}
