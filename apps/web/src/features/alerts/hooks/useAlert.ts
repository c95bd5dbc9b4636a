import type { AlertView, DeliveryCounts } from '@centinela/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api, describeError } from '../../../shared/api/client';
import { type LiveStatus, useLiveEvent, useLiveSocket } from '../../../shared/socket/live';

/** One alert, kept live: `alert.updated` replaces it, `alert.deliveries` refreshes its counts; a reconnect reloads it. */
export function useAlert(id: string): {
  view: AlertView | null;
  error: string | null;
  status: LiveStatus;
  setView: (view: AlertView) => void;
} {
  const [view, setView] = useState<AlertView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<AlertView>('GET', `/api/alerts/${id}`).then(setView, (e: unknown) => setError(describeError(e)));
  }, [id]);
  const { socket, status } = useLiveSocket(load);
  useEffect(load, [load]);
  useLiveEvent(socket, 'alert.updated', (updated: AlertView) => {
    if (updated.alert.id === id) setView(updated);
  });
  useLiveEvent(socket, 'alert.deliveries', (counts: DeliveryCounts) => {
    if (counts.alertId === id) setView((current) => (current ? { ...current, deliveries: counts } : current));
  });
  return { view, error, status, setView };
}
