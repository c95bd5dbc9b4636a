import { distanceMeters } from '@centinela/geo';

export type GridEntry = { responderId: string; lon: number; lat: number; accuracy: number | null; at: number; zoneIds: string[] };

/** Who is near, and how far (a small object of its own: copying whole entries was a good part of wave 1's cost). */
export type NearEntry = { responderId: string; lon: number; lat: number; distanceMeters: number };

/** Grid cells of 0.01° (about 1.1 km north–south) for finding who is near a point. */
const CELL = 0.01;
/** A cell's number: column × 100,000 + row (columns −18,000…18,000 and rows −9,000…9,000 never collide). */
const cellKey = (x: number, y: number) => x * 100_000 + y;
const cellOf = (lon: number, lat: number) => cellKey(Math.floor(lon / CELL), Math.floor(lat / CELL));
const METERS_PER_DEGREE_LAT = 111_195;
/**
 * The flat-earth distance used to skip cells and entries before the great-circle one decides: within a few
 * kilometres it differs from it by far less than this margin, so nothing within the radius is ever skipped.
 */
const PREFILTER_MARGIN = 1.05;

type Stored = GridEntry & { cell: number };

/** Positions by responder, indexed by grid cell: "who is within r of this point" without scanning everyone. */
export class LocationGrid {
  private readonly entries = new Map<string, Stored>();
  /** The same entries by cell (the objects themselves, so a search reads them without a lookup by id). */
  private readonly cells = new Map<number, Set<Stored>>();

  get(responderId: string): GridEntry | undefined {
    return this.entries.get(responderId);
  }

  values(): IterableIterator<GridEntry> {
    return this.entries.values();
  }

  clear(): void {
    this.entries.clear();
    this.cells.clear();
  }

  place(entry: GridEntry): void {
    const previous = this.entries.get(entry.responderId);
    if (previous) this.leaveCell(previous);
    const stored = { ...entry, cell: cellOf(entry.lon, entry.lat) };
    this.entries.set(entry.responderId, stored);
    let inCell = this.cells.get(stored.cell);
    if (!inCell) this.cells.set(stored.cell, (inCell = new Set()));
    inCell.add(stored);
  }

  remove(responderId: string): GridEntry | undefined {
    const entry = this.entries.get(responderId);
    if (!entry) return undefined;
    this.entries.delete(responderId);
    this.leaveCell(entry);
    return entry;
  }

  private leaveCell(entry: Stored): void {
    const inCell = this.cells.get(entry.cell);
    inCell?.delete(entry);
    if (inCell?.size === 0) this.cells.delete(entry.cell);
  }

  /**
   * Entries within `radiusMeters` of a point that `keep` accepts, with their great-circle distance. Cells wholly
   * outside the radius, and entries clearly outside it by a flat-earth distance, are skipped before the
   * great-circle distance (wave 1's selection scans a few hundred entries per sighting: measurement 2b).
   */
  near(lon: number, lat: number, radiusMeters: number, keep: (entry: GridEntry) => boolean): NearEntry[] {
    const cosLat = Math.max(0.01, Math.cos((lat * Math.PI) / 180));
    const dLat = radiusMeters / METERS_PER_DEGREE_LAT / CELL;
    const dLon = dLat / cosLat;
    const [cx, cy] = [Math.floor(lon / CELL), Math.floor(lat / CELL)];
    const perLon = METERS_PER_DEGREE_LAT * cosLat;
    const reach = radiusMeters * PREFILTER_MARGIN + 1;
    const reach2 = reach * reach;
    const flat2 = (toLon: number, toLat: number) => ((toLon - lon) * perLon) ** 2 + ((toLat - lat) * METERS_PER_DEGREE_LAT) ** 2;
    const found: NearEntry[] = [];
    for (let x = cx - Math.ceil(dLon); x <= cx + Math.ceil(dLon); x++) {
      const nearestLon = Math.min(Math.max(lon, x * CELL), (x + 1) * CELL);
      for (let y = cy - Math.ceil(dLat); y <= cy + Math.ceil(dLat); y++) {
        const inCell = this.cells.get(cellKey(x, y));
        if (!inCell || flat2(nearestLon, Math.min(Math.max(lat, y * CELL), (y + 1) * CELL)) > reach2) continue;
        for (const entry of inCell) {
          if (flat2(entry.lon, entry.lat) > reach2 || !keep(entry)) continue;
          const distance = distanceMeters([lon, lat], [entry.lon, entry.lat]);
          if (distance <= radiusMeters) found.push({ responderId: entry.responderId, lon: entry.lon, lat: entry.lat, distanceMeters: distance });
        }
      }
    }
    return found;
  }
}
