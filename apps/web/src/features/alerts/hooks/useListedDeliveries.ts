import type { Alert, DeliveryCounts } from '@centinela/contracts';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../../shared/api/client';
import { type LiveSocket, useLiveEvent } from '../../../shared/socket/live';

/** How many of the list's count requests run at once (a network's list holds up to 100 alerts). */
const AT_ONCE = 4;

/**
 * The delivery counts of the listed alerts that finished sending, so the list can tell "Sent" from "reached no one"
 * by the alert page's own rule (reached-nobody.ts). The list endpoint carries no counts: each sent alert's are asked
 * for once (a few at a time), and `alert.deliveries` keeps them current.
 */
export function useListedDeliveries(alerts: Alert[], socket: LiveSocket | null): ReadonlyMap<string, DeliveryCounts> {
  const [counts, setCounts] = useState<ReadonlyMap<string, DeliveryCounts>>(new Map());
  const asked = useRef(new Set<string>());

  useEffect(() => {
    const todo = alerts.filter((a) => a.status === 'sent' && !asked.current.has(a.id)).map((a) => a.id);
    todo.forEach((id) => asked.current.add(id));
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const id = todo[next++]!;
        try {
          const got = await api<DeliveryCounts>('GET', `/api/alerts/${id}/deliveries`);
          setCounts((m) => new Map(m).set(id, got));
        } catch {
          asked.current.delete(id); // asked again on the next change of the list
        }
      }
    };
    for (let i = 0; i < Math.min(AT_ONCE, todo.length); i++) void worker();
  }, [alerts]);

  useLiveEvent(socket, 'alert.deliveries', (got: DeliveryCounts) => setCounts((m) => new Map(m).set(got.alertId, got)));
  return counts;
}
