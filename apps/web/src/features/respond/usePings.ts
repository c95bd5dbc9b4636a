import type { Ping } from '@centinela/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../shared/api/client';
import { type LiveSocket, useLiveEvent } from '../../shared/socket/live';

/** My pings, newest first: loaded, then added to and updated live. `onNew` fires for a ping that just arrived. */
export function usePings(socket: LiveSocket | null, onNew: (ping: Ping) => void) {
  const [pings, setPings] = useState<Ping[]>([]);
  const reload = useCallback(async () => setPings(await api<Ping[]>('GET', '/api/pings/mine')), []);
  useEffect(() => {
    void reload();
  }, [reload]);
  const replace = useCallback(
    (ping: Ping) => setPings((prev) => (prev.some((p) => p.id === ping.id) ? prev.map((p) => (p.id === ping.id ? ping : p)) : [ping, ...prev])),
    [],
  );
  useLiveEvent(socket, 'ping', (ping) => {
    replace(ping);
    onNew(ping);
  });
  useLiveEvent(socket, 'ping.updated', replace);
  return { pings, reload, replace };
}
