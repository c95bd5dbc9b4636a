import type { Alert, DeliveryCounts } from '@centinela/contracts';

/**
 * An alert that finished sending without one delivery getting through (every one failed or was cancelled, or there
 * were none) and with no post on the public channel: its status is still `sent`, but "Sent" would say it went out.
 * The one rule for the alert's page and the list of alerts.
 */
export function reachedNobody({ alert, deliveries }: { alert: Pick<Alert, 'status'>; deliveries: DeliveryCounts }): boolean {
  const through = deliveries.counts.filter((c) => c.status === 'sent' || c.status === 'delivered').reduce((sum, c) => sum + c.count, 0);
  return alert.status === 'sent' && through === 0 && deliveries.channelPost.status !== 'posted';
}
