import type { PlaceCategory } from '@centinela/contracts';
import { fold } from './street-names.js';

/** One way to read what a caller said; a query can be read several ways and each is searched. */
export type Reading =
  | { kind: 'intersection'; a: string; b: string }
  | { kind: 'address'; number: number; housenumber: string; street: string }
  | { kind: 'place-on-street'; what: string; categories: PlaceCategory[]; street: string }
  | { kind: 'text'; text: string; categories: PlaceCategory[] };

/** Words that join two streets: "18th & Blue Island", "Blue Island y 18", "18 esquina Blue Island". */
const CONNECTORS = /\s*(?:&|@|\/|\+)\s*|\s+(?:and|y|e|esquina|esq|con|at|x|corner of|con esquina)\s+/;
/** Words that start a place said as "… on/near a street": "laundromat on 18th", "iglesia en la 18". */
const ON_STREET = /\s+(?:on|near|by|off|en la|en el|en|sobre la|sobre|cerca de la|cerca de|por la|por)\s+/;
/** Filler at the start: "corner of", "esquina de", "calle" is part of Spanish names and kept. */
const LEADING_FILLER = /^(?:the |corner of |esquina de |esquina |esq |la |el |at |in front of |frente a |near |cerca de )+/;

/** Words that name a kind of place, in English and Spanish. */
const CATEGORY_WORDS: [RegExp, PlaceCategory][] = [
  [/\b(laundromat|laundry|lavanderia|lavamatico|washateria)\b/, 'laundromat'],
  [/\b(church|iglesia|parroquia|parish|temple|templo|mosque|mezquita|synagogue|sinagoga|chapel|capilla)\b/, 'worship'],
  [/\b(school|escuela|colegio|high school|preparatoria|kinder|kindergarten|universidad|university|college)\b/, 'school'],
  [/\b(clinic|clinica|hospital|health center|centro de salud|doctor)\b/, 'clinic'],
  [/\b(food pantry|pantry|despensa|banco de comida|banco de alimentos|food bank)\b/, 'food_pantry'],
  [/\b(court|courthouse|corte|tribunal|juzgado)\b/, 'courthouse'],
  [/\b(jail|carcel|prison|prision|detention|detencion)\b/, 'jail'],
  [/\b(ice office|immigration|inmigracion|ice)\b/, 'immigration_office'],
  [/\b(police|policia|precinct|comisaria)\b/, 'police'],
  [/\b(bus stop|parada|stop|station|estacion|metro|train|tren)\b/, 'transit'],
  [/\b(library|biblioteca)\b/, 'library'],
  [/\b(pharmacy|farmacia|drugstore)\b/, 'pharmacy'],
  [/\b(supermarket|supermercado|grocery|tienda|bakery|panaderia|carniceria)\b/, 'food_shop'],
  [/\b(restaurant|restaurante|taqueria|cafe|cafeteria)\b/, 'restaurant'],
  [/\b(park|parque)\b/, 'park'],
];

export const categoriesIn = (text: string): PlaceCategory[] => CATEGORY_WORDS.filter(([re]) => re.test(text)).map(([, c]) => c);

/** "1830 S Blue Island", "1830a blue island ave", "blue island 1830" (Spanish order). */
const NUMBER_FIRST = /^(\d{1,6}[a-z]?)\s+(.*\D.*)$/;
const NUMBER_LAST = /^(\D.*?)\s+(?:no |num |numero )?(\d{1,6}[a-z]?)$/;

/** Every plausible reading of a query, most specific first. */
export function readQuery(query: string): Reading[] {
  const text = fold(query).replace(LEADING_FILLER, '').trim();
  if (!text) return [];
  const readings: Reading[] = [];

  const joined = text
    .split(CONNECTORS)
    .map((part) => part.replace(LEADING_FILLER, '').trim())
    .filter(Boolean);
  if (joined.length === 2) readings.push({ kind: 'intersection', a: joined[0]!, b: joined[1]! });

  const numberFirst = NUMBER_FIRST.exec(text);
  const numberLast = NUMBER_LAST.exec(text);
  // "18 y Blue Island" is a corner, not number 18 of "y Blue Island".
  const startsWithConnector = (rest: string) => /^(?:and|y|e|esquina|esq|con|at|x|&|@|\/)\s/.test(rest + ' ');
  if (numberFirst && !/^\d+(st|nd|rd|th)$/.test(numberFirst[1]!) && !startsWithConnector(numberFirst[2]!)) {
    readings.push({ kind: 'address', housenumber: numberFirst[1]!, number: Number.parseInt(numberFirst[1]!, 10), street: numberFirst[2]! });
  } else if (numberLast && numberLast[1]!.split(' ').length >= 1 && Number.parseInt(numberLast[2]!, 10) >= 100) {
    // "Blue Island 1830": a number of three digits or more after a street name is a house number, not "Calle 26".
    readings.push({ kind: 'address', housenumber: numberLast[2]!, number: Number.parseInt(numberLast[2]!, 10), street: numberLast[1]! });
  }

  const on = text.split(ON_STREET);
  if (on.length === 2 && on[0] && on[1]) {
    readings.push({ kind: 'place-on-street', what: on[0], categories: categoriesIn(on[0]), street: on[1].replace(LEADING_FILLER, '') });
  }

  readings.push({ kind: 'text', text, categories: categoriesIn(text) });
  return readings;
}
