import type { Ping } from '@centinela/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../shared/api/client';
import { type LiveSocket, useLiveEvent } from '../../shared/socket/live';

/** My pings, newest first: loaded, then added to and updated live. `onNew` fires for a ping that just arrived. */
export function usePings(socket: LiveSocket | null, onNew: (ping: Ping) => void) {
  const [pings, setPings] = useState<Ping[]>([]);
  const reload = useCallback(async () => setPings(await api<Ping[]>('GET', '/api/pings/mine')), []);
  useEffect(() => {
    void reload().catch(() => undefined); // offline, or the session ended (then this page goes)
  }, [reload]);
  const replace = useCallback(
    (ping: Ping) => setPings((prev) => (prev.some((p) => p.id === ping.id) ? prev.map((p) => (p.id === ping.id ? ping : p)) : [ping, ...prev])),
    [],
  );
  // A ping may arrive again (replayed when the socket reconnects): only one not seen before alerts.
  const seen = useRef(new Set<string>());
  useEffect(() => {
    for (const p of pings) seen.current.add(p.id);
  }, [pings]);
  useLiveEvent(socket, 'ping', (ping) => {
    replace(ping);
    if (seen.current.has(ping.id)) return;
    seen.current.add(ping.id);
    onNew(ping);
  });
  useLiveEvent(socket, 'ping.updated', replace);
  return { pings, reload, replace };
}
