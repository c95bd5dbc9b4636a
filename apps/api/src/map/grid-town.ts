import { createWriteStream } from 'node:fs';

/**
 * Writes an OpenStreetMap XML file of a town laid out on a grid (with diagonals, a river with bridges,
 * parks, buildings, address points, an address interpolation and places), deterministically. It is what the
 * demo imports on a machine that cannot download a real extract, what tests import, and — scaled up to a
 * city — what the benchmark imports. Positions are metres east (x) and north (y) of the plan's origin.
 */
export type Xy = [number, number];
export type GridTownPlan = {
  origin: [number, number];
  /** Streets running east–west, with their y; `numberAt(x)` gives the house number at a point on them. */
  eastWest: { name: string; y: number; highway?: string }[];
  northSouth: { name: string; x: number; highway?: string }[];
  diagonals: { name: string; from: Xy; to: Xy; highway?: string }[];
  /** House numbers: along east–west streets by x, along the others by y. */
  numberAlongEastWest: (x: number) => number;
  numberAlongNorthSouth: (y: number) => number;
  addressSpacing: number;
  /** Which address points also get a small building. */
  buildingAt?: (at: Xy) => boolean;
  /** The odd side of one street between two numbers, written as an interpolation line between its end addresses. */
  interpolation?: { street: string; from: number; to: number };
  river?: { name: string; y: number; width: number };
  parks: { name: string; box: [number, number, number, number] }[];
  places: { at: Xy; tags: Record<string, string>; footprint?: number }[];
};
export type TownCounts = { streetSegments: number; addresses: number; places: number; bytes: number };

const METRES_PER_DEGREE_LAT = 110_574;

/** A point of the plan as [lon, lat], rounded to 7 decimals (OSM's precision). */
export function lonLatOf(origin: [number, number], [x, y]: Xy): [number, number] {
  const lon = origin[0] + x / (111_320 * Math.cos((origin[1] * Math.PI) / 180));
  const lat = origin[1] + y / METRES_PER_DEGREE_LAT;
  return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const tagsXml = (tags: Record<string, string>) =>
  Object.entries(tags)
    .map(([k, v]) => `<tag k="${escape(k)}" v="${escape(v)}"/>`)
    .join('');

class OsmWriter {
  private nextNode = 1;
  private nextWay = 1;
  private readonly chunks: string[] = [];
  /** OSM files list every node before any way: ways wait here until the end. */
  private readonly ways: string[] = [];
  bytes = 0;
  constructor(
    private readonly origin: [number, number],
    private readonly sink: (chunk: string) => void,
  ) {
    this.push('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="centinela grid-town">\n');
  }
  push(text: string): void {
    this.chunks.push(text);
    if (this.chunks.length >= 2000) this.flush();
  }
  flush(): void {
    const chunk = this.chunks.join('');
    this.chunks.length = 0;
    this.bytes += Buffer.byteLength(chunk);
    this.sink(chunk);
  }
  node(at: Xy, tags: Record<string, string> = {}): number {
    const id = this.nextNode++;
    const [lon, lat] = lonLatOf(this.origin, at);
    const inner = tagsXml(tags);
    this.push(
      inner ? `<node id="${id}" version="1" lat="${lat}" lon="${lon}">${inner}</node>\n` : `<node id="${id}" version="1" lat="${lat}" lon="${lon}"/>\n`,
    );
    return id;
  }
  way(nodes: number[], tags: Record<string, string>): number {
    const id = this.nextWay++;
    this.ways.push(`<way id="${id}" version="1">${nodes.map((n) => `<nd ref="${n}"/>`).join('')}${tagsXml(tags)}</way>\n`);
    return id;
  }
  polygon(corners: Xy[], tags: Record<string, string>): void {
    const ids = corners.map((c) => this.node(c));
    this.way([...ids, ids[0]!], tags);
  }
  end(): void {
    for (const way of this.ways) this.push(way);
    this.push('</osm>\n');
    this.flush();
  }
}

const box = ([w, s, e, n]: [number, number, number, number]): Xy[] => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
];

/** Writes the town through `sink` (chunks of XML) and says how much of what it wrote. */
export function generateGridTown(plan: GridTownPlan, sink: (chunk: string) => void): TownCounts {
  const osm = new OsmWriter(plan.origin, sink);
  const counts: TownCounts = { streetSegments: 0, addresses: 0, places: 0, bytes: 0 };
  const xs = plan.northSouth.map((s) => s.x);
  const ys = plan.eastWest.map((s) => s.y);
  // Junction nodes are shared by the crossing ways, as in OpenStreetMap.
  const junction = new Map<string, number>();
  const junctionAt = (at: Xy) => {
    const key = `${at[0]},${at[1]}`;
    let id = junction.get(key);
    if (!id) junction.set(key, (id = osm.node(at)));
    return id;
  };
  const river = plan.river;
  const crossesRiver = (y1: number, y2: number) => river && Math.min(y1, y2) < river.y + river.width && Math.max(y1, y2) > river.y - river.width;

  const addresses = (name: string, from: Xy, to: Xy, numberAt: (at: Xy) => number) => {
    const length = Math.hypot(to[0] - from[0], to[1] - from[1]);
    const [ux, uy] = [(to[0] - from[0]) / length, (to[1] - from[1]) / length];
    const interpolated = plan.interpolation?.street === name;
    for (const side of [1, -1]) {
      const points: { at: Xy; number: number }[] = [];
      for (let d = plan.addressSpacing / 2; d < length - 10; d += plan.addressSpacing) {
        const at: Xy = [Math.round(from[0] + ux * d - uy * 12 * side), Math.round(from[1] + uy * d + ux * 12 * side)];
        if (river && Math.abs(at[1] - river.y) < river.width + 10) continue;
        let number = numberAt(at);
        number += number % 2 === (side === 1 ? 0 : 1) ? 0 : 1; // even on one side, odd on the other
        points.push({ at, number });
      }
      // The first and last odd number in the interpolation's range stay address points; the ones between become a line.
      const ranged = points.filter((p) => interpolated && side === -1 && p.number >= plan.interpolation!.from && p.number <= plan.interpolation!.to);
      const ends: number[] = [];
      for (const p of points) {
        const isEnd = p === ranged[0] || p === ranged[ranged.length - 1];
        if (ranged.includes(p) && !isEnd) continue;
        const id = osm.node(p.at, { 'addr:housenumber': String(p.number), 'addr:street': name });
        counts.addresses++;
        if (isEnd && ranged.length > 1) ends.push(id);
        if (plan.buildingAt?.(p.at)) {
          const [x, y] = p.at;
          osm.polygon(box([x - 7, y - 7, x + 7, y + 7]), { building: 'yes' });
        }
      }
      if (ends.length === 2) osm.way(ends, { 'addr:interpolation': 'odd', 'addr:street': name });
    }
  };

  const street = (name: string, highway: string, from: Xy, to: Xy, numberAt: (at: Xy) => number) => {
    const over = from[0] === to[0] && crossesRiver(from[1], to[1]);
    if (over) {
      // A bridge over the river: approach, bridge, approach.
      const north = Math.max(from[1], to[1]) === from[1] ? from : to;
      const south = north === from ? to : from;
      const a: Xy = [from[0], river!.y + river!.width + 5];
      const b: Xy = [from[0], river!.y - river!.width - 5];
      const [na, nb] = [osm.node(a), osm.node(b)];
      osm.way([junctionAt(north), na], { highway, name });
      osm.way([na, nb], { highway, name, bridge: 'yes', layer: '1' });
      osm.way([nb, junctionAt(south)], { highway, name });
      counts.streetSegments += 3;
    } else {
      osm.way([junctionAt(from), junctionAt(to)], { highway, name });
      counts.streetSegments++;
    }
    addresses(name, from, to, numberAt);
  };

  for (const s of plan.eastWest) {
    for (let i = 0; i + 1 < xs.length; i++) street(s.name, s.highway ?? 'residential', [xs[i]!, s.y], [xs[i + 1]!, s.y], ([x]) => plan.numberAlongEastWest(x));
  }
  for (const s of plan.northSouth) {
    for (let i = 0; i + 1 < ys.length; i++)
      street(s.name, s.highway ?? 'residential', [s.x, ys[i]!], [s.x, ys[i + 1]!], ([, y]) => plan.numberAlongNorthSouth(y));
  }
  for (const d of plan.diagonals) {
    const pieces = Math.max(1, Math.round(Math.hypot(d.to[0] - d.from[0], d.to[1] - d.from[1]) / 400));
    for (let i = 0; i < pieces; i++) {
      const at = (k: number): Xy => [
        Math.round(d.from[0] + ((d.to[0] - d.from[0]) * k) / pieces),
        Math.round(d.from[1] + ((d.to[1] - d.from[1]) * k) / pieces),
      ];
      street(d.name, d.highway ?? 'secondary', at(i), at(i + 1), ([, y]) => plan.numberAlongNorthSouth(y));
    }
  }

  if (river) {
    const west = Math.min(...xs) - 200;
    const east = Math.max(...xs) + 200;
    const bank = (offset: number): Xy[] =>
      Array.from({ length: 41 }, (_, i) => [Math.round(west + ((east - west) * i) / 40), Math.round(river.y + offset + 30 * Math.sin(i / 3))] as Xy);
    const north = bank(river.width);
    const south = bank(-river.width).reverse();
    osm.polygon([...north, ...south], { natural: 'water', water: 'river', name: river.name });
    const line = bank(0).map((p) => osm.node(p));
    osm.way(line, { waterway: 'river', name: river.name });
  }
  for (const park of plan.parks) osm.polygon(box(park.box), { leisure: 'park', name: park.name });
  for (const place of plan.places) {
    counts.places++;
    if (place.footprint) {
      const [x, y] = place.at;
      const h = place.footprint / 2;
      osm.polygon(box([x - h, y - h, x + h, y + h]), { building: 'yes', ...place.tags });
    } else osm.node(place.at, place.tags);
  }
  osm.end();
  counts.bytes = osm.bytes;
  return counts;
}

/** Writes the town to a file. */
export async function writeGridTown(plan: GridTownPlan, file: string): Promise<TownCounts> {
  const out = createWriteStream(file);
  const counts = generateGridTown(plan, (chunk) => out.write(chunk));
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return counts;
}

/** 1 → "1st", 22 → "22nd", 13 → "13th". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}
