import { distanceMeters } from './distance.js';

describe('distanceMeters', () => {
  it('is zero for the same point', () => {
    expect(distanceMeters([-87.65, 41.85], [-87.65, 41.85])).toBe(0);
  });
  it('measures one degree of latitude as about 111.2 km', () => {
    expect(distanceMeters([0, 0], [0, 1])).toBeCloseTo(111_195, -1);
  });
  it('measures a city block scale distance (Chicago, ~1 km east-west)', () => {
    // 0.012 degrees of longitude at 41.85 N
    expect(distanceMeters([-87.66, 41.85], [-87.648, 41.85])).toBeCloseTo(994, -1);
  });
});
