import type { MultiPolygon } from 'geojson';
import { samplePoints } from './sampling.js';

const square: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
        [0, 0],
      ],
    ],
  ],
};

describe('samplePoints', () => {
  it('spreads about the target number of points over a square, all inside', () => {
    const points = samplePoints(square, 100);
    expect(points).toHaveLength(100);
    expect(points.every(([x, y]) => x > 0 && x < 1 && y > 0 && y < 1)).toBe(true);
  });

  it('keeps only points inside: none in a hole, and enough for a thin L shape', () => {
    const donut: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [0, 0],
            [4, 0],
            [4, 4],
            [0, 4],
            [0, 0],
          ],
          [
            [1, 1],
            [3, 1],
            [3, 3],
            [1, 3],
            [1, 1],
          ],
        ],
      ],
    };
    const points = samplePoints(donut, 100);
    expect(points.some(([x, y]) => x > 1 && x < 3 && y > 1 && y < 3)).toBe(false);
    const ell: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [0, 0],
            [10, 0],
            [10, 1],
            [1, 1],
            [1, 10],
            [0, 10],
            [0, 0],
          ],
        ],
      ],
    };
    expect(samplePoints(ell, 100).length).toBeGreaterThanOrEqual(60);
  });
});
