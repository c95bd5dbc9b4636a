import type { MultiPolygon } from 'geojson';
import { ZoneIndex } from './zone-index.js';

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const multi = (...polygons: number[][][][]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: polygons });

describe('ZoneIndex', () => {
  const index = new ZoneIndex([
    { id: 'plain', area: multi([square(0, 0, 1, 1)]) },
    { id: 'donut', area: multi([square(10, 10, 14, 14), square(11, 11, 13, 13)]) },
    { id: 'islands', area: multi([square(20, 20, 21, 21)], [square(30, 30, 31, 31)]) },
    { id: 'overlap', area: multi([square(0.5, 0.5, 2, 2)]) },
  ]);

  it('finds a zone containing a point', () => {
    expect(index.match(0.2, 0.2)).toEqual(['plain']);
  });

  it('finds every zone when zones overlap', () => {
    expect(index.match(0.75, 0.75)).toEqual(['plain', 'overlap']);
  });

  it('counts a point on the outer boundary and on a corner as inside', () => {
    expect(index.match(0, 0.5)).toEqual(['plain']);
    expect(index.match(0, 0)).toEqual(['plain']);
  });

  it('excludes a point inside a hole, but counts the hole boundary as inside', () => {
    expect(index.match(12, 12)).toEqual([]);
    expect(index.match(11, 12)).toEqual(['donut']);
    expect(index.match(10.5, 12)).toEqual(['donut']);
  });

  it('matches any part of a MultiPolygon', () => {
    expect(index.match(20.5, 20.5)).toEqual(['islands']);
    expect(index.match(30.5, 30.5)).toEqual(['islands']);
    expect(index.match(25, 25)).toEqual([]);
  });

  it('returns nothing outside every zone, and for an empty index', () => {
    expect(index.match(-5, -5)).toEqual([]);
    expect(new ZoneIndex([]).match(0, 0)).toEqual([]);
  });
});
