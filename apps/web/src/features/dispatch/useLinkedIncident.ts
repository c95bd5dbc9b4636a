import type { IncidentView } from '@centinela/contracts';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../shared/api/client';

type Options = { live: boolean; map: MapLibreMap | null; open: (id: string) => void; upsert: (view: IncidentView) => void };

/**
 * `/dispatch?incident=<id>` (the follow-ups page links an incident so) opens that incident in the drawer and moves the
 * map to it, even one older than the queue's 12 hours. The parameter is taken off the address once read. Returns the
 * incident so loaded: the queue's own list, loading at the same time, may not hold it.
 */
export function useLinkedIncident({ live, map, open, upsert }: Options): IncidentView | null {
  const [params, setParams] = useSearchParams();
  const [view, setView] = useState<IncidentView | null>(null);
  const linked = params.get('incident');
  useEffect(() => {
    if (!linked || !live) return;
    setParams({}, { replace: true });
    void api<IncidentView>('GET', `/api/incidents/${linked}`).then(
      (found) => {
        upsert(found);
        setView(found);
        open(found.incident.id);
        map?.easeTo({ center: found.incident.location.coordinates as [number, number], zoom: Math.max(map.getZoom(), 14) });
      },
      () => undefined,
    );
  }, [linked, live, map, open, setParams, upsert]);
  return view;
}
