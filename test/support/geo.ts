/** A point `meters` east (negative: west) and `north` meters north of `from`, on the sphere. */
export function offset(from: readonly [number, number], east: number, north = 0): [number, number] {
  const [lon, lat] = from;
  const metersPerDegreeLat = 111_195;
  return [lon + east / (metersPerDegreeLat * Math.cos((lat * Math.PI) / 180)), lat + north / metersPerDegreeLat];
}

/** A square zone of `half` meters either side of `center`, as a GeoJSON Polygon. */
export function squareAround(center: readonly [number, number], half: number) {
  const [w, s] = offset(center, -half, -half);
  const [e, n] = offset(center, half, half);
  return {
    type: 'Polygon' as const,
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
}

/** A different, far-apart base point for each test, so tests never share candidates. */
let next = 0;
export const freshBase = (): [number, number] => [-87.65 + (next % 10) * 0.6, 38 + Math.floor(next++ / 10) * 0.6];
