import type { ReferralMatch, ReferralNeed } from '@centinela/contracts';
import { useEffect, useState } from 'react';
import { api, describeError } from '../../../shared/api/client';

export type ReferralFilters = {
  need: ReferralNeed | '';
  language: string;
  place: [number, number] | null;
  openNow: boolean;
  freeOrLowCost: boolean;
  q: string;
};

export const emptyFilters: ReferralFilters = { need: '', language: '', place: null, openNow: false, freeOrLowCost: false, q: '' };

/** Ranked services for the filters, reloaded when they change (and when `reload` does). */
export function useReferralSearch(filters: ReferralFilters, reload = 0) {
  const [matches, setMatches] = useState<ReferralMatch[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    const params = new URLSearchParams();
    if (filters.need) params.set('need', filters.need);
    if (filters.language.trim()) params.set('language', filters.language.trim().toLowerCase());
    if (filters.place) {
      params.set('lon', String(filters.place[0]));
      params.set('lat', String(filters.place[1]));
    }
    if (filters.openNow) params.set('openNow', 'true');
    if (filters.freeOrLowCost) params.set('freeOrLowCost', 'true');
    if (filters.q.trim()) params.set('q', filters.q.trim());
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      api<ReferralMatch[]>('GET', `/api/referrals/services?${params.toString()}`).then(
        (m) => {
          if (!live) return;
          setMatches(m);
          setError(null);
          setLoading(false);
        },
        (e: unknown) => {
          if (!live) return;
          setError(describeError(e));
          setLoading(false);
        },
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [filters, reload]);
  return { matches, error, loading };
}
