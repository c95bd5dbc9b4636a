import type { Zone } from '@centinela/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../shared/api/client';
import { type LiveSocket, useLiveEvent } from '../../shared/socket/live';

/** All zones, kept current by `zone.upserted` / `zone.deleted`. */
export function useZones(socket: LiveSocket | null): { zones: Zone[]; reload: () => Promise<void> } {
  const [zones, setZones] = useState<Map<string, Zone>>(new Map());
  const reload = useCallback(async () => {
    const list = await api<Zone[]>('GET', '/api/zones');
    setZones(new Map(list.map((z) => [z.id, z])));
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  useLiveEvent(socket, 'zone.upserted', (zone) => setZones((prev) => new Map(prev).set(zone.id, zone)));
  useLiveEvent(socket, 'zone.deleted', ({ id }) =>
    setZones((prev) => {
      const next = new Map(prev);
      next.delete(id);
      return next;
    }),
  );
  return { zones: [...zones.values()].sort((a, b) => a.name.localeCompare(b.name)), reload };
}
