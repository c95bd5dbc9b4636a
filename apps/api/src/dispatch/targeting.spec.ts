import { type Candidate, outstanding, rankCandidates, selectForNeeds } from './targeting.js';

const c = (responderId: string, etaSeconds: number | null, zoneMember = false): Candidate => ({
  responderId,
  alias: responderId,
  distanceMeters: etaSeconds,
  etaSeconds,
  zoneMember,
});

describe('rankCandidates', () => {
  it('puts known ETAs first, nearest first, then zone members without a location', () => {
    const ranked = rankCandidates([c('far', 400), c('member-no-location', null, true), c('near', 60), c('mid', 200, true)]);
    expect(ranked.map((x) => x.responderId)).toEqual(['near', 'mid', 'far', 'member-no-location']);
  });

  it('prefers a zone member at an equal ETA, then orders by alias', () => {
    expect(rankCandidates([c('b', 100), c('a', 100), c('z', 100, true)]).map((x) => x.responderId)).toEqual(['z', 'a', 'b']);
  });
});

describe('selectForNeeds', () => {
  const pools: Record<string, Candidate[]> = {
    verifier: [c('v1', 10), c('both', 20), c('v2', 30), c('v3', 40)],
    legal_observer: [c('both', 20), c('l1', 50), c('l2', 60)],
  };
  const poolOf = (capability: string) => pools[capability] ?? [];

  it('takes the nearest per capability up to the limit and never picks anyone twice', () => {
    const selected = selectForNeeds(
      [
        { capability: 'verifier', count: 2 },
        { capability: 'legal_observer', count: 1 },
      ],
      poolOf,
      new Set(),
      (need) => Math.ceil(need.count * 1.5),
    );
    expect(selected.map((s) => `${s.capability}:${s.candidate.responderId}`)).toEqual([
      'verifier:v1',
      'verifier:both',
      'verifier:v2',
      'legal_observer:l1',
      'legal_observer:l2',
    ]);
  });

  it('skips responders already pinged for the dispatch, and takes whole pools when unlimited', () => {
    const selected = selectForNeeds([{ capability: 'verifier', count: 1 }], poolOf, new Set(['v1', 'v2']), () => null);
    expect(selected.map((s) => s.candidate.responderId)).toEqual(['both', 'v3']);
  });
});

describe('outstanding', () => {
  it('subtracts who is going and drops what is filled', () => {
    const going = new Map([['verifier', 2] as const, ['legal_observer', 0] as const]);
    expect(
      outstanding(
        [
          { capability: 'verifier', count: 2 },
          { capability: 'legal_observer', count: 1 },
        ],
        going,
      ),
    ).toEqual([{ capability: 'legal_observer', count: 1 }]);
  });
});
