import type { Coverage, ZoneCoverage } from '@centinela/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../shared/api/client';
import { type LiveSocket, useLiveEvent } from '../../shared/socket/live';

const EVERY_MS = 20_000;
const SETTLE_MS = 2_000;

/** Coverage per zone, refreshed every 20 s and shortly after responders move or zones change. */
export function useCoverage(socket: LiveSocket | null, enabled: boolean): Map<string, ZoneCoverage> {
  const [coverage, setCoverage] = useState<Map<string, ZoneCoverage>>(new Map());
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const load = useCallback(async () => {
    const { zones } = await api<Coverage>('GET', '/api/coverage');
    setCoverage(new Map(zones.map((z) => [z.zoneId, z])));
  }, []);
  const soon = useCallback(() => {
    if (!enabled || pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      void load();
    }, SETTLE_MS);
  }, [enabled, load]);
  useEffect(() => {
    if (!enabled) return;
    void load();
    const timer = setInterval(() => void load(), EVERY_MS);
    return () => clearInterval(timer);
  }, [enabled, load]);
  useLiveEvent(socket, 'responders.moved', soon);
  useLiveEvent(socket, 'responder.updated', soon);
  useLiveEvent(socket, 'zone.upserted', soon);
  return coverage;
}
