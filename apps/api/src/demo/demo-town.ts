import { type GridTownPlan, lonLatOf, ordinal, type Xy } from '../map/grid-town.js';

/**
 * Puerto Ejemplo, the demo's town: fictional, in the middle of the Atlantic so it can never be mistaken
 * for a real place, generated as an OpenStreetMap file at first start and imported like a real extract.
 * Its streets are named like those of the examples a hotline hears ("18th & Blue Island", "1830 S Blue
 * Island", "laundromat on 18th", "St Pius church"), so those searches work on the demo.
 * Positions are metres east (x) and north (y) of the town centre.
 */
export const DEMO_ORIGIN: [number, number] = [-40, 35];

/** East–west streets are numbered like Chicago's: 10th St in the north to 41st St in the south, 200 m apart. */
export const yOfStreet = (n: number) => (20 - n) * 200;
const NORTH_SOUTH = [
  'South Western Avenue',
  'Calle Ceiba',
  'South Damen Avenue',
  'Calle Nopal',
  'South Wood Street',
  'Calle Colibrí',
  'South Paulina Street',
  'South Ashland Avenue',
  'Calle Jacaranda',
  'South Loomis Street',
  'Calle Girasol',
  'South Racine Avenue',
  'Calle Quetzal',
  'South Morgan Street',
  'South Halsted Street',
];
/** North–south streets, 250 m apart, Ashland through the centre. */
export const xOfStreet = (name: string) => (NORTH_SOUTH.indexOf(name) - 7) * 250;

export const at = (x: number, y: number): [number, number] => lonLatOf(DEMO_ORIGIN, [x, y]);

/** Where two of the demo's streets cross (Blue Island runs diagonally, y = x). */
export function corner(northSouth: string, eastWestNumber: number): [number, number] {
  const y = yOfStreet(eastWestNumber);
  return at(northSouth === 'South Blue Island Avenue' ? y : xOfStreet(northSouth), y);
}

const RIVER_Y = -1100;
const centro = (p: Xy) => Math.abs(p[0]) < 1000 && p[1] > -450 && p[1] < 1250;

export const demoTownPlan: GridTownPlan = {
  origin: DEMO_ORIGIN,
  eastWest: Array.from({ length: 32 }, (_, i) => {
    const n = 10 + i;
    return { name: `West ${ordinal(n)} Street`, y: yOfStreet(n), highway: n % 4 === 2 ? 'tertiary' : 'residential' };
  }).filter((s) => s.y >= -2200),
  northSouth: NORTH_SOUTH.map((name) => ({ name, x: xOfStreet(name), highway: name.endsWith('Avenue') ? 'secondary' : 'residential' })),
  diagonals: [{ name: 'South Blue Island Avenue', from: [-1750, -1750], to: [1750, 1750], highway: 'secondary' }],
  // 18th St is 1800 South; Ashland is 1600 West, 100 numbers a block.
  numberAlongNorthSouth: (y) => Math.round(1000 + (2000 - y) / 2),
  numberAlongEastWest: (x) => Math.max(2, Math.round(1600 - x / 2.5)),
  addressSpacing: 30,
  buildingAt: centro,
  interpolation: { street: 'Calle Ceiba', from: 2201, to: 2297 },
  river: { name: 'Río Ejemplo', y: RIVER_Y, width: 25 },
  parks: [
    { name: 'Parque de las Flores', box: [-1450, 450, -1150, 800] },
    { name: 'Plaza Harrison', box: [-600, 820, -400, 980] },
  ],
  places: [
    { at: [0, 1900], tags: { place: 'town', name: 'Puerto Ejemplo (demo town)' } },
    { at: [20, 225], footprint: 30, tags: { amenity: 'place_of_worship', religion: 'christian', name: 'St. Pius V Church' } },
    { at: [372, 414], tags: { shop: 'laundry', name: 'Lavandería La Estrella', 'addr:street': 'West 18th Street', 'addr:housenumber': '1451' } },
    { at: [-230, 612], footprint: 40, tags: { amenity: 'school', name: 'Escuela Benito Juárez' } },
    { at: [520, 640], tags: { amenity: 'clinic', name: 'Clínica del Pueblo' } },
    { at: [-520, 410], tags: { amenity: 'social_facility', social_facility: 'food_bank', name: 'Despensa Comunitaria San José' } },
    { at: [760, -620], footprint: 50, tags: { amenity: 'courthouse', name: 'Ejemplo County Courthouse' } },
    { at: [1280, -1650], footprint: 60, tags: { amenity: 'prison', name: 'Ejemplo County Jail' } },
    { at: [-1280, -1640], tags: { office: 'government', government: 'immigration', name: 'ICE Field Office (demo)' } },
    { at: [15, 390], tags: { railway: 'station', name: '18th Street Station' } },
    { at: [15, -10], tags: { highway: 'bus_stop', name: 'Ashland & 20th' } },
    { at: [-10, 800], tags: { highway: 'bus_stop', name: 'Ashland & 16th' } },
    { at: [260, 410], tags: { shop: 'bakery', name: 'Panadería El Nopal' } },
    { at: [-760, -380], tags: { amenity: 'library', name: 'Biblioteca Rudy Lozano' } },
  ],
};
