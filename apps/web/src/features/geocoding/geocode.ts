import type { GeocodeResult, ReverseGeocodeResult } from '@centinela/contracts';
import { api } from '../../shared/api/client';

export type SearchScope = 'staff' | 'public';

/** Address, cross-street and place search on this server (the public form uses the rate-limited route). */
export function geocode(q: string, scope: SearchScope, near?: [number, number] | null): Promise<GeocodeResult[]> {
  const params = new URLSearchParams({ q, limit: '6' });
  if (near) params.set('near', near.map((n) => n.toFixed(6)).join(','));
  return api<GeocodeResult[]>('GET', `/api/${scope === 'public' ? 'public/' : ''}geocode?${params.toString()}`);
}

/** What to call a clicked point, or null away from any street. */
export function reverseGeocode(at: [number, number]): Promise<ReverseGeocodeResult | null> {
  return api<ReverseGeocodeResult | null>('GET', `/api/geocode/reverse?lon=${at[0]}&lat=${at[1]}`);
}
