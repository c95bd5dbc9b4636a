import type { Point } from 'geojson';
import { z } from 'zod';
import { bboxSchema } from './geojson.js';

/** `lon,lat` as a query-string value. */
export const lonLatSchema = z.string().transform((value, ctx) => {
  const parts = value.split(',').map((part) => Number(part));
  const [lon, lat] = parts as [number, number];
  if (parts.length !== 2 || !Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    ctx.addIssue({ code: 'custom', message: 'must be lon,lat with the longitude within [-180, 180] and the latitude within [-90, 90]' });
    return z.NEVER;
  }
  return [lon, lat] as const;
});

/** `GET /api/geocode?q=` — what was said ("18th & Blue Island", "1830 S Blue Island", "laundromat on 18th"). */
export const geocodeQuerySchema = z.strictObject({
  q: z.string().trim().min(1, 'must not be empty').max(200),
  /** Bias towards this point (the map view's centre). */
  near: lonLatSchema.optional(),
  /** Bias towards this box (the map view). */
  bbox: bboxSchema.optional(),
  limit: z.coerce.number().int().min(1).max(20).default(8),
});
export type GeocodeQuery = z.infer<typeof geocodeQuerySchema>;

const coordinate = (max: number, name: string) =>
  z.coerce.number({ error: `must be a number` }).refine((n) => Number.isFinite(n) && Math.abs(n) <= max, { error: `${name} must be within [-${max}, ${max}]` });

/** `GET /api/geocode/reverse?lon=&lat=`. */
export const reverseGeocodeQuerySchema = z.strictObject({ lon: coordinate(180, 'longitude'), lat: coordinate(90, 'latitude') });
export type ReverseGeocodeQuery = z.infer<typeof reverseGeocodeQuerySchema>;

export const geocodeKinds = ['intersection', 'address', 'place', 'street'] as const;
export type GeocodeKind = (typeof geocodeKinds)[number];

/** What a place found is: a school, a place of worship, a laundromat… (from OpenStreetMap tags). */
export const placeCategories = [
  'school',
  'worship',
  'clinic',
  'food_pantry',
  'community',
  'courthouse',
  'jail',
  'police',
  'immigration_office',
  'government',
  'transit',
  'laundromat',
  'food_shop',
  'restaurant',
  'library',
  'pharmacy',
  'park',
  'locality',
  'other',
] as const;
export type PlaceCategory = (typeof placeCategories)[number];

/** One answer: what it is, how to say it ("18th St & Blue Island Ave"), and where. */
export type GeocodeResult = {
  kind: GeocodeKind;
  /** Ready to be the sighting's location description. */
  label: string;
  /** What helps tell two answers apart (the street of a place, the neighbourhood…), or null. */
  context: string | null;
  category: PlaceCategory | null;
  location: Point;
  /** Higher is better; answers come sorted by it. */
  score: number;
};

/** The nearest place that can be said aloud: an intersection, else a street, with an address when one is close. */
export type ReverseGeocodeResult = {
  /** "18th St & Blue Island Ave" (near an intersection) or "Blue Island Ave" (along a street). */
  label: string;
  kind: 'intersection' | 'street';
  /** A house number close to the point ("1832 S Blue Island Ave"), or null. */
  address: string | null;
  /** Metres from the point to what is named. */
  distanceMeters: number;
  location: Point;
};

/** The imported street map, when there is one. */
export type MapInfo = {
  version: number;
  importedAt: string;
  source: string;
  bbox: [number, number, number, number];
  counts: { streets: number; intersections: number; addresses: number; places: number };
};
