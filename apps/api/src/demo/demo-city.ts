import type { MultiPolygon, Polygon, Position } from 'geojson';
import { at } from './demo-town.js';

/**
 * The demo network's zones over Puerto Ejemplo (see demo-town.ts), in metres from the town centre. The
 * north-east (Loma Alta) is left without a zone, as a network's map usually has gaps.
 */
type DemoZone = { name: string; area: Polygon | MultiPolygon };

const box = (w: number, s: number, e: number, n: number): Position[] => [at(w, s), at(e, s), at(e, n), at(w, n), at(w, s)];

export const demoZones: DemoZone[] = [
  { name: 'Centro', area: { type: 'Polygon', coordinates: [box(-900, -400, 900, 1200)] } },
  {
    // The park itself is a hole: nobody is assigned to cover the lawns.
    name: 'Las Flores',
    area: { type: 'Polygon', coordinates: [box(-1700, -400, -900, 1200), box(-1450, 450, -1150, 800).reverse()] },
  },
  { name: 'El Molino', area: { type: 'Polygon', coordinates: [box(900, -400, 1700, 1200)] } },
  { name: 'Río Abajo', area: { type: 'Polygon', coordinates: [box(-900, -1500, 900, -400)] } },
  { name: 'La Vía', area: { type: 'Polygon', coordinates: [box(-1700, -1500, -900, -400)] } },
  { name: 'Los Pinos', area: { type: 'Polygon', coordinates: [box(900, -1500, 1700, -400)] } },
  { name: 'Colinas', area: { type: 'Polygon', coordinates: [box(-1700, 1200, 0, 1900)] } },
  {
    // Two separate parts: the old port on both sides of the industrial strip.
    name: 'Puerto Viejo',
    area: { type: 'MultiPolygon', coordinates: [[box(-1700, -2200, -300, -1500)], [box(300, -2200, 1700, -1500)]] },
  },
  { name: 'Zona Industrial', area: { type: 'Polygon', coordinates: [box(-300, -2200, 300, -1500)] } },
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
