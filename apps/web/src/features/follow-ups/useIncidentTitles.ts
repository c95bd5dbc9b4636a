import type { IncidentView } from '@centinela/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client';
import { latestSighting } from '../incidents/useIncidents';

const AT_ONCE = 4;

/**
 * What each follow-up's incident was, as the queue says it ("Checkpoint · 16th St & Calle Ceiba"): a follow-up
 * carries only its incident's id, so each incident is asked for once (a few at a time). Missing until known.
 */
export function useIncidentTitles(ids: string[]): ReadonlyMap<string, string> {
  const { t } = useTranslation();
  const [views, setViews] = useState<ReadonlyMap<string, IncidentView>>(new Map());
  const asked = useRef(new Set<string>());
  const key = [...new Set(ids)].sort().join(',');

  useEffect(() => {
    const todo = key.split(',').filter((id) => id && !asked.current.has(id));
    todo.forEach((id) => asked.current.add(id));
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const id = todo[next++]!;
        try {
          const view = await api<IncidentView>('GET', `/api/incidents/${id}`);
          setViews((m) => new Map(m).set(id, view));
        } catch {
          asked.current.delete(id);
        }
      }
    };
    for (let i = 0; i < Math.min(AT_ONCE, todo.length); i++) void worker();
  }, [key]);

  const titles = new Map<string, string>();
  for (const [id, view] of views) {
    const head = latestSighting(view);
    const place = head.locationDescription || view.zones.map((z) => z.name).join(', ') || t('dispatch.noZone');
    titles.set(id, `${t(`activity.${head.activity}`)} · ${place}`);
  }
  return titles;
}
