import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon } from 'geojson';
import { bboxOf } from './zone-index.js';

/**
 * About `target` points spread evenly over an area (a grid over its bounding box, kept where it falls
 * inside), for estimating shares of the area — such as how much of a zone responders can reach in time.
 */
export function samplePoints(area: MultiPolygon, target = 100): [number, number][] {
  const [minX, minY, maxX, maxY] = bboxOf(area);
  let points: [number, number][] = [];
  // Grow the grid until enough points land inside (concave or sparse areas need a finer one).
  for (let n = Math.ceil(Math.sqrt(target)); n <= 4 * Math.ceil(Math.sqrt(target)); n = Math.ceil(n * 1.5)) {
    points = [];
    const dx = (maxX - minX) / n;
    const dy = (maxY - minY) / n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const point: [number, number] = [minX + (i + 0.5) * dx, minY + (j + 0.5) * dy];
        if (booleanPointInPolygon(point, area)) points.push(point);
      }
    }
    if (points.length >= target * 0.6) break;
  }
  return points;
}
