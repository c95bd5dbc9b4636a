import { area as turfArea, kinks } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** One thing wrong with a geometry, located by its path inside the GeoJSON object. */
export type GeometryProblem = { path: (string | number)[]; message: string };

export const LON_RANGE = [-180, 180] as const;
export const LAT_RANGE = [-90, 90] as const;

/** Problems with one [lon, lat] position: finite numbers, in range. */
export function positionProblems(value: unknown, path: (string | number)[] = []): GeometryProblem[] {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) {
    return [{ path, message: 'a position is [longitude, latitude]' }];
  }
  const problems: GeometryProblem[] = [];
  value.forEach((n, i) => {
    if (typeof n !== 'number' || !Number.isFinite(n)) problems.push({ path: [...path, i], message: 'must be a finite number' });
  });
  if (problems.length > 0) return problems;
  const [lon, lat] = value as number[];
  if (lon! < LON_RANGE[0] || lon! > LON_RANGE[1]) {
    problems.push({ path: [...path, 0], message: 'longitude must be between -180 and 180' });
  }
  if (lat! < LAT_RANGE[0] || lat! > LAT_RANGE[1]) {
    problems.push({ path: [...path, 1], message: 'latitude must be between -90 and 90' });
  }
  return problems;
}

function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function ringProblems(ring: unknown, path: (string | number)[]): GeometryProblem[] {
  if (!Array.isArray(ring)) return [{ path, message: 'a ring is an array of positions' }];
  if (ring.length < 4) return [{ path, message: 'a ring needs at least 4 positions (first and last equal)' }];
  const problems = ring.flatMap((p, i) => positionProblems(p, [...path, i]));
  if (problems.length > 0) return problems;
  if (!samePosition(ring[0] as Position, ring[ring.length - 1] as Position)) {
    return [{ path, message: 'ring is not closed: the last position must equal the first' }];
  }
  return [];
}

function polygonProblems(rings: unknown, path: (string | number)[]): GeometryProblem[] {
  if (!Array.isArray(rings) || rings.length === 0) {
    return [{ path, message: 'a polygon is a non-empty array of rings' }];
  }
  const problems = rings.flatMap((ring, i) => ringProblems(ring, [...path, i]));
  if (problems.length > 0) return problems;
  const polygon: Polygon = { type: 'Polygon', coordinates: rings as Position[][] };
  const crossings = kinks(polygon).features;
  if (crossings.length > 0) {
    const [lon, lat] = crossings[0]!.geometry.coordinates;
    return [{ path, message: `polygon intersects itself near [${lon}, ${lat}]` }];
  }
  if (turfArea({ type: 'Polygon', coordinates: [rings[0] as Position[]] }) === 0) {
    return [{ path: [...path, 0], message: 'ring encloses no area' }];
  }
  return [];
}

/**
 * Problems with a zone's area: a GeoJSON Polygon or MultiPolygon with closed rings of at least
 * 4 finite, in-range positions that do not cross themselves. An empty list means valid.
 */
export function areaProblems(value: unknown): GeometryProblem[] {
  if (typeof value !== 'object' || value === null) return [{ path: [], message: 'must be a GeoJSON Polygon or MultiPolygon' }];
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  if (type === 'Polygon') return polygonProblems(coordinates, ['coordinates']);
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) {
      return [{ path: ['coordinates'], message: 'a MultiPolygon is a non-empty array of polygons' }];
    }
    return coordinates.flatMap((polygon, i) => polygonProblems(polygon, ['coordinates', i]));
  }
  return [{ path: ['type'], message: 'must be "Polygon" or "MultiPolygon"' }];
}

/** A valid Polygon or MultiPolygon as a MultiPolygon, the one shape zones are stored in. */
export function toMultiPolygon(area: Polygon | MultiPolygon): MultiPolygon {
  return area.type === 'MultiPolygon' ? area : { type: 'MultiPolygon', coordinates: [area.coordinates] };
}
