import { distanceMeters } from '@centinela/geo';
import fc from 'fast-check';
import { type GridEntry, LocationGrid } from './location-grid.js';

const entry = (i: number, lon: number, lat: number): GridEntry => ({ responderId: `r${i}`, lon, lat, accuracy: null, at: 0, zoneIds: [] });

describe('LocationGrid.near', () => {
  it('finds exactly who is within the radius by great-circle distance, at any latitude (its shortcuts skip nobody)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -70, max: 70, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: -0.15, max: 0.15, noNaN: true }), fc.double({ min: -0.15, max: 0.15, noNaN: true })), { maxLength: 200 }),
        fc.tuple(fc.double({ min: -0.15, max: 0.15, noNaN: true }), fc.double({ min: -0.15, max: 0.15, noNaN: true })),
        fc.double({ min: 1, max: 20_000, noNaN: true }),
        (lat0, offsets, [qx, qy], radius) => {
          const grid = new LocationGrid();
          const all = offsets.map(([dx, dy], i) => entry(i, -87.7 + dx, lat0 + dy));
          for (const e of all) grid.place(e);
          const [lon, lat] = [-87.7 + qx, lat0 + qy];
          const found = grid.near(lon, lat, radius, () => true);
          const expected = all.filter((e) => distanceMeters([lon, lat], [e.lon, e.lat]) <= radius).map((e) => e.responderId);
          expect(found.map((e) => e.responderId).sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays exact through any sequence of moves and removals', () => {
    const offset = fc.double({ min: -0.03, max: 0.03, noNaN: true });
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('place' as const), i: fc.nat(29), dx: offset, dy: offset }),
      fc.record({ kind: fc.constant('remove' as const), i: fc.nat(29) }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 120 }), offset, offset, fc.double({ min: 1, max: 5_000, noNaN: true }), (operations, qx, qy, radius) => {
        const grid = new LocationGrid();
        const model = new Map<string, GridEntry>();
        for (const op of operations) {
          if (op.kind === 'place') {
            const e = entry(op.i, -87.7 + op.dx, 41.8 + op.dy);
            grid.place(e);
            model.set(e.responderId, e);
          } else {
            expect(grid.remove(`r${op.i}`)?.responderId).toBe(model.get(`r${op.i}`)?.responderId);
            model.delete(`r${op.i}`);
          }
        }
        const [lon, lat] = [-87.7 + qx, 41.8 + qy];
        const expected = [...model.values()].filter((e) => distanceMeters([lon, lat], [e.lon, e.lat]) <= radius).map((e) => e.responderId);
        expect(
          grid
            .near(lon, lat, radius, () => true)
            .map((e) => e.responderId)
            .sort(),
        ).toEqual(expected.sort());
      }),
      { numRuns: 300 },
    );
  });

  it('follows a responder who moves, and forgets one removed', () => {
    const grid = new LocationGrid();
    grid.place(entry(1, -87.7, 41.8));
    grid.place(entry(1, -87.6, 41.8)); // about 8.3 km east
    expect(grid.near(-87.7, 41.8, 1_000, () => true)).toEqual([]);
    expect(grid.near(-87.6, 41.8, 1_000, () => true).map((e) => e.responderId)).toEqual(['r1']);
    grid.remove('r1');
    expect(grid.near(-87.6, 41.8, 1_000, () => true)).toEqual([]);
  });
});
