import type { Dispatch, IncidentView } from '@centinela/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../shared/api/client';
import { type LiveSocket, useLiveEvent } from '../../shared/socket/live';

const withDispatch = (view: IncidentView, dispatch: Dispatch): IncidentView => ({
  ...view,
  dispatches: view.dispatches.some((d) => d.id === dispatch.id)
    ? view.dispatches.map((d) => (d.id === dispatch.id ? dispatch : d))
    : [...view.dispatches, dispatch],
});

/** Live incidents by id: loaded once, kept current by socket messages, reloaded after a reconnect. */
export function useIncidents(socket: LiveSocket | null) {
  const [incidents, setIncidents] = useState<Map<string, IncidentView>>(new Map());
  const reload = useCallback(async () => {
    const list = await api<IncidentView[]>('GET', '/api/incidents');
    setIncidents(new Map(list.map((v) => [v.incident.id, v])));
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  const upsert = useCallback((view: IncidentView) => {
    setIncidents((prev) => {
      const current = prev.get(view.incident.id);
      // Messages can cross: never let an older version replace a newer one.
      if (current && current.incident.version > view.incident.version) return prev;
      return new Map(prev).set(view.incident.id, view);
    });
  }, []);
  const remove = useCallback((id: string) => setIncidents((prev) => (prev.has(id) ? new Map([...prev].filter(([k]) => k !== id)) : prev)), []);
  useLiveEvent(socket, 'incident.updated', upsert);
  useLiveEvent(socket, 'incident.removed', ({ id }) => remove(id));
  useLiveEvent(socket, 'dispatch.updated', (dispatch) =>
    setIncidents((prev) => {
      const view = prev.get(dispatch.incidentId);
      return view ? new Map(prev).set(view.incident.id, withDispatch(view, dispatch)) : prev;
    }),
  );
  const upsertDispatch = useCallback(
    (dispatch: Dispatch) =>
      setIncidents((prev) => {
        const view = prev.get(dispatch.incidentId);
        return view ? new Map(prev).set(view.incident.id, withDispatch(view, dispatch)) : prev;
      }),
    [],
  );
  return { incidents, upsert, upsertDispatch, remove, reload };
}

/** Unverified first, then newest observation first. */
export const triageOrder = (a: IncidentView, b: IncidentView) =>
  Number(['reported', 'verifying'].includes(b.incident.status)) - Number(['reported', 'verifying'].includes(a.incident.status)) ||
  b.incident.lastObservedAt.localeCompare(a.incident.lastObservedAt);

/** The newest sighting of an incident, whose SALUTE headlines it. */
/** How long a sighting counts as new: a halo on the map, a mark in the queue. */
export const NEW_FOR_MS = 10 * 60_000;

export const latestSighting = (view: IncidentView) => view.sightings[view.sightings.length - 1]!;
