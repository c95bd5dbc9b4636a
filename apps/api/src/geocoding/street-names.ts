/**
 * Street names as people say them and as OpenStreetMap writes them, brought to one form so that
 * "W. 18th Street", "18th St", "18" and "calle 18" meet, and "Blue Island Avenue" meets "blu island ave".
 * Used at import (for every name in the extract) and for every query, so both sides agree by construction.
 */

/** Lower case, no accents, no punctuation, single spaces. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[’'`´]/g, '')
    .replace(/[^\p{L}\p{N}&@/]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

const DIRECTIONS: Record<string, string> = {
  n: 'n',
  north: 'n',
  norte: 'n',
  s: 's',
  south: 's',
  sur: 's',
  e: 'e',
  east: 'e',
  este: 'e',
  w: 'w',
  west: 'w',
  oeste: 'w',
  ne: 'ne',
  northeast: 'ne',
  nw: 'nw',
  northwest: 'nw',
  se: 'se',
  southeast: 'se',
  sw: 'sw',
  southwest: 'sw',
};

/** Street types, folded to one abbreviation each, with how it is printed. */
const TYPES: Record<string, string> = {
  street: 'st',
  st: 'st',
  str: 'st',
  avenue: 'ave',
  ave: 'ave',
  av: 'ave',
  avenida: 'ave',
  avda: 'ave',
  boulevard: 'blvd',
  blvd: 'blvd',
  bulevar: 'blvd',
  road: 'rd',
  rd: 'rd',
  drive: 'dr',
  dr: 'dr',
  lane: 'ln',
  ln: 'ln',
  place: 'pl',
  pl: 'pl',
  court: 'ct',
  ct: 'ct',
  parkway: 'pkwy',
  pkwy: 'pkwy',
  highway: 'hwy',
  hwy: 'hwy',
  terrace: 'ter',
  ter: 'ter',
  way: 'way',
  circle: 'cir',
  cir: 'cir',
  square: 'sq',
  sq: 'sq',
  expressway: 'expy',
  expy: 'expy',
  calle: 'st',
  camino: 'rd',
  paseo: 'blvd',
  plaza: 'sq',
};
const PRINTED: Record<string, string> = {
  st: 'St',
  ave: 'Ave',
  blvd: 'Blvd',
  rd: 'Rd',
  dr: 'Dr',
  ln: 'Ln',
  pl: 'Pl',
  ct: 'Ct',
  pkwy: 'Pkwy',
  hwy: 'Hwy',
  ter: 'Ter',
  way: 'Way',
  cir: 'Cir',
  sq: 'Sq',
  expy: 'Expy',
};
/** Spanish names put the type first ("Calle 26", "Avenida Juárez"). */
const LEADING_TYPES = new Set(['calle', 'avenida', 'avda', 'av', 'camino', 'paseo', 'bulevar', 'plaza']);

const ORDINAL = /^(\d+)(st|nd|rd|th|a|o|er|ero|era|do|da|ro|ra|to|ta|vo|va|mo|ma|no|na)?$/;

/** "18th" → "18", "1st" → "1"; anything else unchanged. */
const numberWord = (word: string) => ORDINAL.exec(word)?.[1] ?? word;

export type StreetKey = {
  /** Direction + core + type: what identifies a street ("w 18 st"). */
  key: string;
  /** The words that carry the name, without direction or type ("18", "blue island"): what queries are matched on. */
  core: string;
  direction: string | null;
  type: string | null;
};

/** The parts of a street name, folded. "South Blue Island Avenue" → { key: "s blue island ave", core: "blue island" }. */
export function streetKey(name: string): StreetKey {
  let words = fold(name).split(' ').filter(Boolean);
  let direction: string | null = null;
  let type: string | null = null;
  // "St Pius" at the start is a saint, not a street type.
  if (words.length > 1 && words[0] === 'st' && !ORDINAL.test(words[1]!)) words = ['saint', ...words.slice(1)];
  if (words.length > 1 && LEADING_TYPES.has(words[0]!)) type = TYPES[words.shift()!]!;
  if (words.length > 1 && DIRECTIONS[words[words.length - 1]!]) direction = DIRECTIONS[words.pop()!]!;
  if (!type && words.length > 1 && TYPES[words[words.length - 1]!]) type = TYPES[words.pop()!]!;
  if (words.length > 1 && DIRECTIONS[words[0]!]) direction ??= DIRECTIONS[words.shift()!]!;
  const core = words.map(numberWord).join(' ');
  return { key: [direction, core, type].filter(Boolean).join(' '), core, direction, type };
}

/** How a street is printed: the type abbreviated; the direction kept (`withDirection`) or dropped. */
export function printedStreet(name: string, { withDirection }: { withDirection: boolean }): string {
  const words = name.trim().split(/\s+/);
  const folded = words.map((w) => fold(w));
  let start = 0;
  let end = words.length;
  let prefix = '';
  if (words.length > 2 && DIRECTIONS[folded[0]!]) {
    start = 1;
    if (withDirection) prefix = DIRECTIONS[folded[0]!]!.toUpperCase() + ' ';
  }
  let suffix = '';
  const last = folded[end - 1]!;
  if (end - start > 1 && TYPES[last] && !LEADING_TYPES.has(last)) {
    suffix = ' ' + PRINTED[TYPES[last]]!;
    end -= 1;
  }
  return prefix + words.slice(start, end).join(' ') + suffix;
}
