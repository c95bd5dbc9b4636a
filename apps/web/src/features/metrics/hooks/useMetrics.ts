import type { Metrics } from '@centinela/contracts';
import { useEffect, useState } from 'react';
import { api, describeError } from '../../../shared/api/client';

export type MetricsFilter = { from: string; to: string; zoneId: string };

/** The numbers for a filter; null while loading. */
export function useMetrics(filter: MetricsFilter) {
  const [metrics, setMetrics] = useState<Metrics | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const params = new URLSearchParams();
    if (filter.from) params.set('from', filter.from);
    if (filter.to) params.set('to', filter.to);
    if (filter.zoneId) params.set('zoneId', filter.zoneId);
    let live = true;
    api<Metrics>('GET', `/api/metrics?${params.toString()}`).then(
      (m) => {
        if (live) {
          setMetrics(m);
          setError(null);
        }
      },
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [filter]);
  return { metrics, error };
}
