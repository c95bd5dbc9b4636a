import { areaProblems, positionProblems, toMultiPolygon } from './geojson-validation.js';

const square = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0],
];

describe('positionProblems', () => {
  it('accepts an in-range position', () => {
    expect(positionProblems([-87.65, 41.85])).toEqual([]);
  });
  it.each([
    [[181, 0], [0], 'longitude must be between -180 and 180'],
    [[0, -90.5], [1], 'latitude must be between -90 and 90'],
    [[Number.NaN, 0], [0], 'must be a finite number'],
    [[0, Number.POSITIVE_INFINITY], [1], 'must be a finite number'],
    [['1', 0], [0], 'must be a finite number'],
  ])('rejects %j', (position, path, message) => {
    expect(positionProblems(position)).toEqual([{ path, message }]);
  });
  it('rejects a position that is not a pair', () => {
    expect(positionProblems([1])).toEqual([{ path: [], message: 'a position is [longitude, latitude]' }]);
  });
});

describe('areaProblems', () => {
  it('accepts a square polygon and a multipolygon with a hole', () => {
    expect(areaProblems({ type: 'Polygon', coordinates: [square] })).toEqual([]);
    const hole = [
      [0.2, 0.2],
      [0.8, 0.2],
      [0.8, 0.8],
      [0.2, 0.8],
      [0.2, 0.2],
    ];
    expect(areaProblems({ type: 'MultiPolygon', coordinates: [[square, hole]] })).toEqual([]);
  });

  it('rejects an open ring', () => {
    const open = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0.5],
    ];
    expect(areaProblems({ type: 'Polygon', coordinates: [open] })).toEqual([
      { path: ['coordinates', 0], message: 'ring is not closed: the last position must equal the first' },
    ]);
  });

  it('rejects a ring with fewer than 4 positions', () => {
    expect(
      areaProblems({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      })[0],
    ).toEqual({
      path: ['coordinates', 0],
      message: 'a ring needs at least 4 positions (first and last equal)',
    });
  });

  it('rejects a self-intersecting (bow-tie) polygon and says where', () => {
    const bowTie = [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ];
    const [problem] = areaProblems({ type: 'Polygon', coordinates: [bowTie] });
    expect(problem?.path).toEqual(['coordinates']);
    expect(problem?.message).toMatch(/intersects itself near \[0.5, 0.5\]/);
  });

  it('rejects out-of-range and non-finite coordinates with their path', () => {
    const bad = [
      [0, 0],
      [200, 0],
      [1, 1],
      [0, 0],
    ];
    expect(areaProblems({ type: 'MultiPolygon', coordinates: [[bad]] })).toEqual([
      { path: ['coordinates', 0, 0, 1, 0], message: 'longitude must be between -180 and 180' },
    ]);
  });

  it('rejects a ring that encloses no area', () => {
    const flat = [
      [0, 0],
      [1, 0],
      [2, 0],
      [0, 0],
    ];
    expect(areaProblems({ type: 'Polygon', coordinates: [flat] })).toEqual([{ path: ['coordinates', 0], message: 'ring encloses no area' }]);
  });

  it('rejects other geometry types', () => {
    expect(areaProblems({ type: 'Point', coordinates: [0, 0] })).toEqual([{ path: ['type'], message: 'must be "Polygon" or "MultiPolygon"' }]);
    expect(areaProblems(null)).toEqual([{ path: [], message: 'must be a GeoJSON Polygon or MultiPolygon' }]);
  });
});

describe('toMultiPolygon', () => {
  it('wraps a polygon and keeps a multipolygon', () => {
    expect(toMultiPolygon({ type: 'Polygon', coordinates: [square] })).toEqual({ type: 'MultiPolygon', coordinates: [[square]] });
    const mp = { type: 'MultiPolygon' as const, coordinates: [[square]] };
    expect(toMultiPolygon(mp)).toBe(mp);
  });
});
