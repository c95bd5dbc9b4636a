import type { Polygon, MultiPolygon, Position } from 'geojson';

/**
 * A demo network in Chicago's immigrant neighbourhoods. Boundaries are simplified outlines, good enough to
 * show zones, matching and coverage on the map; real networks draw their own.
 */
type DemoZone = { name: string; area: Polygon | MultiPolygon };

const ring = (points: [number, number][]): Position[] => [...points, points[0]!];
const box = (w: number, s: number, e: number, n: number): Position[] =>
  ring([
    [w, s],
    [e, s],
    [e, n],
    [w, n],
  ]);

export const demoZones: DemoZone[] = [
  {
    name: 'Pilsen',
    area: {
      type: 'Polygon',
      coordinates: [
        ring([
          [-87.686, 41.846],
          [-87.666, 41.845],
          [-87.636, 41.847],
          [-87.637, 41.858],
          [-87.662, 41.858],
          [-87.686, 41.858],
        ]),
      ],
    },
  },
  { name: 'Little Village', area: { type: 'Polygon', coordinates: [box(-87.735, 41.836, -87.687, 41.86)] } },
  { name: 'Back of the Yards', area: { type: 'Polygon', coordinates: [box(-87.672, 41.795, -87.64, 41.823)] } },
  { name: 'Brighton Park', area: { type: 'Polygon', coordinates: [box(-87.711, 41.809, -87.68, 41.835)] } },
  { name: 'Gage Park', area: { type: 'Polygon', coordinates: [box(-87.712, 41.78, -87.68, 41.808)] } },
  {
    // The park itself is a hole: nobody is assigned to cover the lagoon.
    name: 'Humboldt Park',
    area: { type: 'Polygon', coordinates: [box(-87.741, 41.888, -87.7, 41.91), box(-87.706, 41.898, -87.701, 41.905).reverse()] },
  },
  { name: 'Logan Square', area: { type: 'Polygon', coordinates: [box(-87.725, 41.911, -87.686, 41.935)] } },
  { name: 'Albany Park', area: { type: 'Polygon', coordinates: [box(-87.735, 41.96, -87.7, 41.977)] } },
  {
    // Two separate parts: the neighbourhood and the industrial corridor its responders also cover.
    name: 'Belmont Cragin',
    area: { type: 'MultiPolygon', coordinates: [[box(-87.776, 41.917, -87.741, 41.939)], [box(-87.79, 41.9, -87.77, 41.912)]] },
  },
  { name: 'Rogers Park', area: { type: 'Polygon', coordinates: [box(-87.69, 41.998, -87.656, 42.023)] } },
];

/** Responder aliases: nobody needs a real name in Centinela. */
export const demoAliases = [
  'Colibrí',
  'Quetzal',
  'Halcón',
  'Girasol',
  'Ceiba',
  'Jaguar',
  'Tecolote',
  'Nopal',
  'Maíz',
  'Cenzontle',
  'Ocelote',
  'Copal',
  'Jacaranda',
  'Garza',
  'Cardenal',
  'Mezquite',
  'Pino',
  'Cedro',
  'Lince',
  'Puma',
  'Gorrión',
  'Tucán',
  'Azucena',
  'Roble',
  'Coyote',
  'Venado',
  'Golondrina',
  'Alondra',
  'Sauce',
  'Magnolia',
];
