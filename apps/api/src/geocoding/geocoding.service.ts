import type { Bbox, GeocodeResult, PlaceCategory, ReverseGeocodeResult } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import type { Point } from 'geojson';
import { UnitOfWork } from '../database/unit-of-work.js';
import { MapVersionService } from '../map/map-version.service.js';
import { type Bias, GeocodingRepository } from './geocoding.repository.js';
import { type Reading, readQuery } from './query-parser.js';
import { fold, streetKey } from './street-names.js';

export type SearchOptions = { near?: readonly [number, number]; bbox?: Bbox; limit?: number };

/** An intersection said "near" it when it is this close. */
const NEAR_INTERSECTION_METERS = 80;
/** Intersections and exact addresses are what a caller means when they say them. */
const BONUS: Record<'intersection' | 'address' | 'place-on-street', number> = { intersection: 0.25, address: 0.3, 'place-on-street': 0.2 };

const point = (lon: number, lat: number): Point => ({ type: 'Point', coordinates: [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6] });
const core = (text: string) => streetKey(text).core || fold(text);
const nearness = (meters: number) => Math.min(0.3, meters / 50_000);

/**
 * Address, intersection and place search over the imported map, and the reverse. Other features use it
 * through this class (an SMS thread turned into a sighting, the public map's "street area"):
 * `search('18th & Blue Island', { near })`, `reverse(lon, lat)`. Empty answers when no map is imported.
 */
@Injectable()
export class GeocodingService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: GeocodingRepository,
    private readonly versions: MapVersionService,
  ) {}

  /** Answers for what a caller said, best first, biased to `near`, then the `bbox`, then the map's own area. */
  async search(query: string, options: SearchOptions = {}): Promise<GeocodeResult[]> {
    const map = this.versions.current();
    if (!map) return [];
    const limit = options.limit ?? 8;
    const bias = this.biasOf(options, map.bbox);
    const results = (await Promise.all(readQuery(query).map((reading) => this.answer(reading, bias, limit)))).flat();
    const inBox = (r: GeocodeResult) => {
      const [lon, lat] = r.location.coordinates as [number, number];
      const b = options.bbox;
      return !!b && lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
    };
    const best = new Map<string, GeocodeResult>();
    for (const r of results) {
      const scored = { ...r, score: Math.round((r.score + (inBox(r) ? 0.05 : 0)) * 1000) / 1000 };
      const key = `${r.kind}|${r.label}|${r.context ?? ''}`;
      if ((best.get(key)?.score ?? -Infinity) < scored.score) best.set(key, scored);
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  }

  /** What to call a point: "18th St & Blue Island Ave" near an intersection, else the street; with a close address. */
  async reverse(lon: number, lat: number): Promise<ReverseGeocodeResult | null> {
    if (!this.versions.current()) return null;
    const row = await this.repository.reverse(this.uow.db, { lon, lat });
    const address = row.address !== null && row.ameters !== null && row.ameters <= 40 ? row.address : null;
    if (row.a && row.b && row.imeters !== null && row.imeters <= NEAR_INTERSECTION_METERS) {
      return { kind: 'intersection', label: `${row.a} & ${row.b}`, address, distanceMeters: Math.round(row.imeters), location: point(row.ilon!, row.ilat!) };
    }
    if (row.street && row.smeters !== null && row.smeters <= 500) {
      return { kind: 'street', label: row.street, address, distanceMeters: Math.round(row.smeters), location: point(row.slon!, row.slat!) };
    }
    return null;
  }

  private biasOf(options: SearchOptions, mapBbox: readonly number[]): Bias {
    if (options.near) return { lon: options.near[0], lat: options.near[1] };
    const [w, s, e, n] = (options.bbox ?? mapBbox) as [number, number, number, number];
    return { lon: (w + e) / 2, lat: (s + n) / 2 };
  }

  private async answer(reading: Reading, bias: Bias, limit: number): Promise<GeocodeResult[]> {
    const db = this.uow.db;
    switch (reading.kind) {
      case 'intersection': {
        const rows = await this.repository.intersections(db, core(reading.a), core(reading.b), bias, limit);
        return rows.map((r) => ({
          kind: 'intersection',
          label: `${r.a} & ${r.b}`,
          context: null,
          category: null,
          location: point(r.lon, r.lat),
          score: r.sim + BONUS.intersection - nearness(r.meters),
        }));
      }
      case 'address': {
        const rows = await this.repository.addresses(db, core(reading.street), reading.number, bias);
        return this.addressAnswers(rows, reading.housenumber, reading.number);
      }
      case 'place-on-street': {
        const rows = await this.repository.places(db, fold(reading.what), reading.categories, core(reading.street), bias, limit);
        return rows.map((r) => this.placeAnswer(r, BONUS['place-on-street']));
      }
      case 'text': {
        const text = fold(reading.text);
        const [places, streets] = await Promise.all([
          this.repository.places(db, text, reading.categories, null, bias, limit),
          this.repository.streets(db, core(reading.text), bias, limit),
        ]);
        return [
          ...places.map((r) => this.placeAnswer(r, 0)),
          ...streets.map((r) => ({
            kind: 'street' as const,
            label: r.name,
            context: null,
            category: null,
            location: point(r.lon, r.lat),
            score: r.sim - 0.05 - nearness(r.meters),
          })),
        ];
      }
    }
  }

  private placeAnswer(
    r: { name: string | null; category: PlaceCategory; street: string | null; lon: number; lat: number; sim: number; meters: number },
    bonus: number,
  ): GeocodeResult {
    return {
      kind: 'place',
      label: r.name ?? r.street ?? '',
      context: r.street,
      category: r.category,
      location: point(r.lon, r.lat),
      score: Math.min(1, r.sim) + bonus - nearness(r.meters),
    };
  }

  /**
   * The asked number where it exists; else placed between its neighbours on the same street (numbers run
   * along a block), or the nearest number there is, scored lower.
   */
  private addressAnswers(rows: Awaited<ReturnType<GeocodingRepository['addresses']>>, housenumber: string, number: number): GeocodeResult[] {
    const byStreet = new Map<number, typeof rows>();
    for (const r of rows) byStreet.set(r.streetId, [...(byStreet.get(r.streetId) ?? []), r]);
    return [...byStreet.values()].map((pair) => {
      const exact = pair.find((r) => r.housenumber.toLowerCase() === housenumber || r.number === number);
      const [above, below] = [pair.find((r) => r.number >= number), pair.find((r) => r.number < number)];
      const base = pair[0]!;
      if (exact) {
        return {
          kind: 'address' as const,
          label: `${exact.housenumber} ${exact.street}`,
          context: null,
          category: null,
          location: point(exact.lon, exact.lat),
          score: exact.sim + BONUS.address - nearness(exact.meters),
        };
      }
      if (above && below && above.number - below.number <= 200) {
        const f = (number - below.number) / (above.number - below.number);
        const lon = below.lon + (above.lon - below.lon) * f;
        const lat = below.lat + (above.lat - below.lat) * f;
        return {
          kind: 'address' as const,
          label: `${housenumber} ${base.street}`,
          context: null,
          category: null,
          location: point(lon, lat),
          score: base.sim + BONUS.address - 0.05 - nearness(below.meters),
        };
      }
      const nearest = [above, below].filter((r) => r !== undefined).sort((a, b) => Math.abs(a.number - number) - Math.abs(b.number - number))[0]!;
      return {
        kind: 'address' as const,
        label: `${nearest.housenumber} ${nearest.street}`,
        context: null,
        category: null,
        location: point(nearest.lon, nearest.lat),
        score: nearest.sim - 0.1 - nearness(nearest.meters),
      };
    });
  }
}
