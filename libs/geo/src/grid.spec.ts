import { distanceMeters } from './distance.js';
import { snapToGrid } from './grid.js';

describe('snapToGrid', () => {
  it('moves a point to its cell centre, never more than half a diagonal away', () => {
    for (const point of [
      [-87.6551, 41.8523],
      [-87.6001, 41.9],
      [2.35, 48.85],
      [-99.13, 19.43],
    ] as [number, number][]) {
      const snapped = snapToGrid(point, 250);
      expect(distanceMeters(point, snapped)).toBeLessThanOrEqual((250 * Math.SQRT2) / 2 + 1);
    }
  });

  it('gives nearby points in one cell the same location, and hides the exact point', () => {
    const a = snapToGrid([-87.65501, 41.85201], 250);
    const b = snapToGrid([-87.65499, 41.85199 + 0.0001], 250);
    expect(a).toEqual(b);
    expect(a).not.toEqual([-87.65501, 41.85201]);
  });

  it('spaces cells about the size asked, east-west as north-south', () => {
    const here = snapToGrid([-87.65, 41.85], 250);
    const east = snapToGrid([here[0] + 250 / (111_195 * Math.cos((here[1] * Math.PI) / 180)), here[1]], 250);
    expect(distanceMeters(here, east)).toBeCloseTo(250, -1);
  });
});
