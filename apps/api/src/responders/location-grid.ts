import { distanceMeters } from '@centinela/geo';

export type GridEntry = { responderId: string; lon: number; lat: number; accuracy: number | null; at: number; zoneIds: string[] };

/** Grid cells of 0.01° (about 1.1 km north–south) for finding who is near a point. */
const CELL = 0.01;
const cellOf = (lon: number, lat: number) => `${Math.floor(lon / CELL)}:${Math.floor(lat / CELL)}`;

/** Positions by responder, indexed by grid cell: "who is within r of this point" without scanning everyone. */
export class LocationGrid {
  private readonly entries = new Map<string, GridEntry & { cell: string }>();
  private readonly cells = new Map<string, Set<string>>();

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
    if (previous) this.cells.get(previous.cell)?.delete(entry.responderId);
    const cell = cellOf(entry.lon, entry.lat);
    this.entries.set(entry.responderId, { ...entry, cell });
    let ids = this.cells.get(cell);
    if (!ids) this.cells.set(cell, (ids = new Set()));
    ids.add(entry.responderId);
  }

  remove(responderId: string): GridEntry | undefined {
    const entry = this.entries.get(responderId);
    if (!entry) return undefined;
    this.entries.delete(responderId);
    const cell = this.cells.get(entry.cell);
    cell?.delete(responderId);
    if (cell?.size === 0) this.cells.delete(entry.cell);
    return entry;
  }

  /** Entries within `radiusMeters` of a point that `keep` accepts, with their great-circle distance. */
  near(lon: number, lat: number, radiusMeters: number, keep: (entry: GridEntry) => boolean): (GridEntry & { distanceMeters: number })[] {
    const dLat = radiusMeters / 111_195 / CELL;
    const dLon = dLat / Math.max(0.01, Math.cos((lat * Math.PI) / 180));
    const [cx, cy] = [Math.floor(lon / CELL), Math.floor(lat / CELL)];
    const found: (GridEntry & { distanceMeters: number })[] = [];
    for (let x = cx - Math.ceil(dLon); x <= cx + Math.ceil(dLon); x++) {
      for (let y = cy - Math.ceil(dLat); y <= cy + Math.ceil(dLat); y++) {
        for (const id of this.cells.get(`${x}:${y}`) ?? []) {
          const entry = this.entries.get(id)!;
          if (!keep(entry)) continue;
          const distance = distanceMeters([lon, lat], [entry.lon, entry.lat]);
          if (distance <= radiusMeters) found.push({ ...entry, distanceMeters: distance });
        }
      }
    }
    return found;
  }
}
