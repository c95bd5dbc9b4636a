import type { ReferralMatch } from '@centinela/contracts';
import type { Candidate } from './search.repository.js';

type Reason = ReferralMatch['reasons'][number];

/** How much each reason weighs: the network's go-to first, then a provider on the caller's ground, then one open now. */
const WEIGHTS: Record<Reason, number> = {
  preferred: 10,
  serves_place: 5,
  open_now: 4,
  free: 3,
  low_cost: 2,
  recently_verified: 2,
  speaks_language: 1,
  serves_anywhere: 1,
};

export type Ranked = { id: string; reasons: Reason[]; areaName: string | null; score: number };

/**
 * Orders search candidates: the sum of their reasons' weights, then the most local area covering the place
 * (a neighbourhood clinic before a statewide hotline), then the name. Pure, so it is unit-tested alone.
 */
export function rank(candidates: readonly Candidate[], search: { placeGiven: boolean; languageGiven: boolean }): Ranked[] {
  const scored = candidates.map((c) => {
    const reasons: Reason[] = [];
    if (c.preferred) reasons.push('preferred');
    if (search.placeGiven) reasons.push(c.areaName !== null ? 'serves_place' : 'serves_anywhere');
    if (search.languageGiven) reasons.push('speaks_language');
    if (c.openNow) reasons.push('open_now');
    if (c.cost === 'free') reasons.push('free');
    else if (c.cost === 'low' || c.cost === 'sliding') reasons.push('low_cost');
    if (!c.needsReverify) reasons.push('recently_verified');
    return { c, reasons, score: reasons.reduce((sum, r) => sum + WEIGHTS[r], 0) };
  });
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      (a.c.areaM2 ?? Number.POSITIVE_INFINITY) - (b.c.areaM2 ?? Number.POSITIVE_INFINITY) ||
      a.c.name.localeCompare(b.c.name) ||
      a.c.id.localeCompare(b.c.id),
  );
  return scored.map(({ c, reasons, score }) => ({ id: c.id, reasons, areaName: c.areaName, score }));
}
