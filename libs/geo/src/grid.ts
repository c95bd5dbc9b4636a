const METERS_PER_DEGREE_LAT = 111_195;

/**
 * The centre of the grid cell of about `meters` × `meters` containing a point: a coarse location that
 * says "around here" without saying where. Cells are `meters` tall everywhere and `meters` wide at the
 * cell's own latitude.
 */
export function snapToGrid([lon, lat]: readonly [number, number], meters: number): [number, number] {
  const dLat = meters / METERS_PER_DEGREE_LAT;
  const row = Math.floor(lat / dLat);
  const centreLat = (row + 0.5) * dLat;
  const dLon = meters / (METERS_PER_DEGREE_LAT * Math.cos((centreLat * Math.PI) / 180));
  const centreLon = (Math.floor(lon / dLon) + 0.5) * dLon;
  return [Number(centreLon.toFixed(6)), Number(centreLat.toFixed(6))];
}
