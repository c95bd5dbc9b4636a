import { rank } from './ranking.js';
import type { Candidate } from './search.repository.js';

const candidate = (id: string, extra: Partial<Candidate> = {}): Candidate => ({
  id,
  name: id,
  preferred: false,
  cost: 'paid',
  openNow: false,
  needsReverify: false,
  anywhere: false,
  areaName: null,
  areaM2: null,
  ...extra,
});

describe('ranking referral candidates', () => {
  it('puts the go-to first, then open and free ones, and stale entries last', () => {
    const ranked = rank(
      [
        candidate('stale', { needsReverify: true }),
        candidate('open', { openNow: true }),
        candidate('free', { cost: 'free' }),
        candidate('goto', { preferred: true }),
      ],
      { placeGiven: false, languageGiven: false },
    );
    expect(ranked.map((r) => r.id)).toEqual(['goto', 'open', 'free', 'stale']);
    expect(ranked[3]!.reasons).toEqual([]);
  });

  it('prefers a provider on the caller’s ground, the most local area first', () => {
    const ranked = rank(
      [
        candidate('national', { anywhere: true }),
        candidate('state', { areaName: 'State', areaM2: 1e11 }),
        candidate('block', { areaName: 'Block', areaM2: 1e6 }),
      ],
      { placeGiven: true, languageGiven: true },
    );
    expect(ranked.map((r) => r.id)).toEqual(['block', 'state', 'national']);
    expect(ranked[0]!.reasons).toEqual(['serves_place', 'speaks_language', 'recently_verified']);
    expect(ranked[2]!.reasons).toContain('serves_anywhere');
  });
});
