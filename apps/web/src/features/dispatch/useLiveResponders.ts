import type { Responder, ZoneCrossingMessage } from '@centinela/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../shared/api/client';
import { type LiveSocket, useLiveEvent } from '../../shared/socket/live';

export type LocatedResponder = { id: string; alias: string; coordinates: [number, number]; zoneIds: string[] };

/** On-duty responders with a fresh live location, moving live; and the latest zone entries and exits. */
export function useLiveResponders(socket: LiveSocket | null) {
  const [located, setLocated] = useState<Map<string, LocatedResponder>>(new Map());
  const [crossings, setCrossings] = useState<ZoneCrossingMessage[]>([]);
  const reload = useCallback(async () => {
    const responders = await api<Responder[]>('GET', '/api/responders');
    setLocated(
      new Map(
        responders
          .filter((r) => r.location)
          .map((r) => [r.id, { id: r.id, alias: r.alias, coordinates: r.location!.coordinates, zoneIds: r.location!.zoneIds }]),
      ),
    );
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  useLiveEvent(socket, 'responders.moved', (moves) =>
    setLocated((prev) => {
      const next = new Map(prev);
      for (const { responderId, alias, location } of moves) {
        if (location) next.set(responderId, { id: responderId, alias, coordinates: location.coordinates, zoneIds: location.zoneIds });
        else next.delete(responderId);
      }
      return next;
    }),
  );
  useLiveEvent(socket, 'responder.zone', (crossing) => setCrossings((prev) => [crossing, ...prev].slice(0, 6)));
  return { located: [...located.values()], crossings, reload };
}
