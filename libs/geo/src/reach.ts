/** How responders travel, and how fast (km/h) unless configured otherwise. */
export const travelModes = ['walk', 'bike', 'car', 'transit'] as const;
export type TravelMode = (typeof travelModes)[number];

export type ReachSettings = {
  /** Streets are not straight lines: great-circle distance × this ≈ distance travelled. */
  detourFactor: number;
  speedsKmh: Record<TravelMode, number>;
};

export const DEFAULT_REACH: ReachSettings = {
  detourFactor: 1.3,
  speedsKmh: { walk: 5, bike: 15, car: 30, transit: 15 },
};

/** Estimated seconds to cover a great-circle distance: distance × detour ÷ speed. */
export function etaSeconds(distanceMeters: number, mode: TravelMode, settings: ReachSettings = DEFAULT_REACH): number {
  const metersPerSecond = (settings.speedsKmh[mode] * 1000) / 3600;
  return (distanceMeters * settings.detourFactor) / metersPerSecond;
}

/** The great-circle radius a travel mode covers in `seconds` (the inverse of etaSeconds). */
export function reachMeters(seconds: number, mode: TravelMode, settings: ReachSettings = DEFAULT_REACH): number {
  if (seconds <= 0) return 0;
  const metersPerSecond = (settings.speedsKmh[mode] * 1000) / 3600;
  return (seconds * metersPerSecond) / settings.detourFactor;
}
