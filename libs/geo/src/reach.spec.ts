import { DEFAULT_REACH, etaSeconds, reachMeters } from './reach.js';

describe('reach', () => {
  it('applies the detour factor and the speed of each mode', () => {
    // 1 km straight line → 1.3 km travelled; walking at 5 km/h takes 1.3/5 h = 936 s.
    expect(etaSeconds(1000, 'walk')).toBeCloseTo(936, 5);
    expect(etaSeconds(1000, 'bike')).toBeCloseTo(312, 5);
    expect(etaSeconds(1000, 'transit')).toBeCloseTo(312, 5);
    expect(etaSeconds(1000, 'car')).toBeCloseTo(156, 5);
  });

  it('ranks modes: the same 2 km is reachable in 7 minutes by car, not on foot', () => {
    expect(etaSeconds(2000, 'car')).toBeLessThan(7 * 60);
    expect(etaSeconds(2000, 'walk')).toBeGreaterThan(7 * 60);
  });

  it('inverts: the reach of an ETA gives that ETA back', () => {
    for (const mode of ['walk', 'bike', 'car', 'transit'] as const) {
      expect(etaSeconds(reachMeters(420, mode), mode)).toBeCloseTo(420, 6);
    }
    expect(reachMeters(-5, 'car')).toBe(0);
  });

  it('uses configured speeds and detour', () => {
    const settings = { detourFactor: 1, speedsKmh: { ...DEFAULT_REACH.speedsKmh, walk: 3.6 } };
    expect(etaSeconds(100, 'walk', settings)).toBeCloseTo(100, 6);
  });
});
