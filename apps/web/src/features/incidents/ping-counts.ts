import type { Dispatch, PingStatus } from '@centinela/contracts';

/** How many of a sighting's pings (over all its dispatches) are in each state. */
export function pingCounts(dispatches: readonly Dispatch[]): Record<PingStatus, number> {
  const counts: Record<PingStatus, number> = { pending: 0, accepted: 0, declined: 0, en_route: 0, on_scene: 0, done: 0, covered: 0, cancelled: 0 };
  for (const d of dispatches) for (const p of d.pings) counts[p.status] += 1;
  return counts;
}
