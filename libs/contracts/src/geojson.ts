import { areaProblems, positionProblems } from '@centinela/geo';
import type { MultiPolygon, Point, Polygon } from 'geojson';
import { z } from 'zod';

/** A GeoJSON Point with a finite, in-range [longitude, latitude]. */
export const pointSchema = z
  .strictObject({
    type: z.literal('Point'),
    coordinates: z.array(z.unknown()),
  })
  .superRefine((point, ctx) => {
    for (const problem of positionProblems(point.coordinates, ['coordinates'])) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
  }) as unknown as z.ZodType<Point>;

/**
 * A zone's area: a GeoJSON Polygon or MultiPolygon with closed rings of at least 4 positions,
 * finite in-range coordinates and no self-intersection.
 */
export const areaSchema = z
  .strictObject({
    type: z.enum(['Polygon', 'MultiPolygon']),
    coordinates: z.array(z.unknown()).min(1),
  })
  .superRefine((area, ctx) => {
    for (const problem of areaProblems(area)) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
  }) as unknown as z.ZodType<Polygon | MultiPolygon>;

export const multiPolygonSchema = z.custom<MultiPolygon>(
  (value) => typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'MultiPolygon',
);

/** `minLon,minLat,maxLon,maxLat` as a query-string value. */
export const bboxSchema = z.string().transform((value, ctx) => {
  const parts = value.split(',').map((part) => Number(part));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
    ctx.addIssue({ code: 'custom', message: 'must be minLon,minLat,maxLon,maxLat (four finite numbers)' });
    return z.NEVER;
  }
  const [minLon, minLat, maxLon, maxLat] = parts as [number, number, number, number];
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
    ctx.addIssue({ code: 'custom', message: 'longitudes must be within [-180, 180] and latitudes within [-90, 90]' });
    return z.NEVER;
  }
  if (minLon > maxLon || minLat > maxLat) {
    ctx.addIssue({ code: 'custom', message: 'the minimum must not exceed the maximum' });
    return z.NEVER;
  }
  return [minLon, minLat, maxLon, maxLat] as const;
});
export type Bbox = readonly [number, number, number, number];
