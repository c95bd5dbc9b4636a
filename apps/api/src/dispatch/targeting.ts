import type { Capability, Need } from '@centinela/contracts';

/** A responder who could be asked, with what we know of how soon they can be there. */
export type Candidate = {
  responderId: string;
  alias: string;
  distanceMeters: number | null;
  /** Estimated seconds to arrive; null when they share no live location. */
  etaSeconds: number | null;
  /** Assigned to a zone the wave covers. */
  zoneMember: boolean;
};

/**
 * Nearest first: a known ETA before an unknown one (a zone member who shares no location), zone members
 * before others at equal ETA, then by alias so the order is stable.
 */
export function rankCandidates(candidates: readonly Candidate[]): Candidate[] {
  return [...candidates].sort(
    (a, b) =>
      (a.etaSeconds ?? Infinity) - (b.etaSeconds ?? Infinity) ||
      Number(b.zoneMember) - Number(a.zoneMember) ||
      a.alias.localeCompare(b.alias) ||
      a.responderId.localeCompare(b.responderId),
  );
}

export type Selection = { candidate: Candidate; capability: Capability };

/**
 * Chooses whom to ping for each capability still needed: `limit(need)` of its ranked pool (all of it when
 * null), skipping anyone already pinged for this dispatch or chosen for an earlier need — a responder is
 * asked once per dispatch.
 */
export function selectForNeeds(
  needs: readonly Need[],
  poolOf: (capability: Capability) => Iterable<Candidate>,
  alreadyPinged: ReadonlySet<string>,
  limit: (need: Need) => number | null,
): Selection[] {
  const taken = new Set(alreadyPinged);
  const selections: Selection[] = [];
  for (const need of needs) {
    const max = limit(need);
    if (max !== null && max <= 0) continue;
    let chosen = 0;
    for (const candidate of poolOf(need.capability)) {
      if (max !== null && chosen >= max) break;
      if (taken.has(candidate.responderId)) continue;
      taken.add(candidate.responderId);
      selections.push({ candidate, capability: need.capability });
      chosen += 1;
    }
  }
  return selections;
}

/** How many responders are still needed per capability, given how many are going. */
export function outstanding(needs: readonly Need[], going: ReadonlyMap<Capability, number>): Need[] {
  return needs.map((n) => ({ capability: n.capability, count: Math.max(0, n.count - (going.get(n.capability) ?? 0)) })).filter((n) => n.count > 0);
}
