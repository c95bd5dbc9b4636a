import type { HotlineCall } from '@centinela/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../shared/api/client';
import { type LiveSocket, useLiveEvent } from '../../shared/socket/live';

const newestFirst = (a: HotlineCall, b: HotlineCall) => b.startedAt.localeCompare(a.startedAt);

/** The hotline's calls, live: loaded once (and after a reconnect), then kept by `hotline.call` messages. */
export function useHotlineCalls(socket: LiveSocket | null) {
  const [calls, setCalls] = useState<Map<string, HotlineCall>>(new Map());
  const reload = useCallback(async () => {
    const list = await api<HotlineCall[]>('GET', '/api/hotline/calls');
    setCalls(new Map(list.map((c) => [c.id, c])));
  }, []);
  useEffect(() => {
    void reload().catch(() => undefined);
  }, [reload]);
  const upsert = useCallback((call: HotlineCall) => setCalls((prev) => new Map(prev).set(call.id, call)), []);
  useLiveEvent(socket, 'hotline.call', upsert);
  return { calls: [...calls.values()].sort(newestFirst), upsert, reload };
}
