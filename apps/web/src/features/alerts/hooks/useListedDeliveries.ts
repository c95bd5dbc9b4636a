import type { Alert, DeliveryCounts } from '@centinela/contracts';
import { api } from '../../../shared/api/client';
import { useEach } from '../../../shared/api/useEach';
import { type LiveSocket, useLiveEvent } from '../../../shared/socket/live';

/**
 * The delivery counts of the listed alerts that finished sending, so the list can tell "Sent" from "reached no one"
 * by the alert page's own rule (reached-nobody.ts). The list endpoint carries no counts: each sent alert's are asked
 * for once (a few at a time), and `alert.deliveries` keeps them current.
 */
export function useListedDeliveries(alerts: Alert[], socket: LiveSocket | null): ReadonlyMap<string, DeliveryCounts> {
  const [counts, setCounts] = useEach(
    alerts.filter((a) => a.status === 'sent').map((a) => a.id),
    (id) => api<DeliveryCounts>('GET', `/api/alerts/${id}/deliveries`),
  );
  useLiveEvent(socket, 'alert.deliveries', (got: DeliveryCounts) => setCounts((m) => new Map(m).set(got.alertId, got)));
  return counts;
}
