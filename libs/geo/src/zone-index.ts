import { booleanPointInPolygon } from '@turf/turf';
import Flatbush from 'flatbush';
import type { MultiPolygon } from 'geojson';

export type IndexedZone = { id: string; area: MultiPolygon };

/**
 * Answers "which zones contain this point?" in memory: an R-tree over the zones' bounding boxes,
 * then an exact point-in-polygon test. A point on a boundary (outer ring or hole) counts as inside,
 * the same rule as PostGIS ST_Covers. The index is immutable: build a new one when zones change.
 */
export class ZoneIndex {
  private readonly zones: IndexedZone[];
  private readonly tree: Flatbush | null;

  constructor(zones: readonly IndexedZone[]) {
    this.zones = [...zones];
    if (this.zones.length === 0) {
      this.tree = null;
      return;
    }
    this.tree = new Flatbush(this.zones.length);
    for (const zone of this.zones) {
      const [minX, minY, maxX, maxY] = bboxOf(zone.area);
      this.tree.add(minX, minY, maxX, maxY);
    }
    this.tree.finish();
  }

  get size(): number {
    return this.zones.length;
  }

  /** Ids of the zones covering [lon, lat], in the order the zones were given. */
  match(lon: number, lat: number): string[] {
    if (!this.tree) return [];
    const candidates = this.tree.search(lon, lat, lon, lat).sort((a, b) => a - b);
    const point = [lon, lat];
    const ids: string[] = [];
    for (const i of candidates) {
      const zone = this.zones[i]!;
      if (booleanPointInPolygon(point, zone.area)) ids.push(zone.id);
    }
    return ids;
  }
}

/** [minLon, minLat, maxLon, maxLat] of the outer rings of an area. */
export function bboxOf(area: MultiPolygon): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of area.coordinates) {
    for (const [x, y] of polygon[0]!) {
      if (x! < minX) minX = x!;
      if (y! < minY) minY = y!;
      if (x! > maxX) maxX = x!;
      if (y! > maxY) maxY = y!;
    }
  }
  return [minX, minY, maxX, maxY];
}
