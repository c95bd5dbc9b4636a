import type { IncidentView } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client';
import { useEach } from '../../shared/api/useEach';
import { latestSighting } from '../incidents/useIncidents';

/**
 * What each follow-up's incident was, as the queue says it ("Checkpoint · 16th St & Calle Ceiba"): a follow-up
 * carries only its incident's id, so each incident is asked for once (a few at a time). Missing until known.
 */
export function useIncidentTitles(ids: string[]): ReadonlyMap<string, string> {
  const { t } = useTranslation();
  const [views] = useEach(ids, (id) => api<IncidentView>('GET', `/api/incidents/${id}`));

  const titles = new Map<string, string>();
  for (const [id, view] of views) {
    const head = latestSighting(view);
    const place = head.locationDescription || view.zones.map((z) => z.name).join(', ') || t('dispatch.noZone');
    titles.set(id, `${t(`activity.${head.activity}`)} · ${place}`);
  }
  return titles;
}
