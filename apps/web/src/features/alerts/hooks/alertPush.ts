import type { AlertLanguage } from '@centinela/contracts';
import { api } from '../../../shared/api/client';

const toBytes = (base64url: string) => Uint8Array.from(atob(base64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** Whether this browser can receive alerts while the page is closed. */
export const alertPushSupported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/** This browser's push subscription, if it has one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (!alertPushSupported()) return null;
  return (await navigator.serviceWorker.ready).pushManager.getSubscription();
}

/**
 * Asks for notification permission and subscribes this browser (no account) to the areas and language picked.
 * The server keeps the endpoint encrypted and nothing else about the browser.
 */
export async function subscribeToAlerts(zoneIds: string[], language: AlertLanguage): Promise<'subscribed' | 'denied' | 'unsupported'> {
  if (!alertPushSupported()) return 'unsupported';
  if ((await Notification.requestPermission()) !== 'granted') return 'denied';
  const registration = await navigator.serviceWorker.ready;
  const { publicKey } = await api<{ publicKey: string }>('GET', '/api/alerts/subscriptions/web-push/key');
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: toBytes(publicKey) }));
  await api('PUT', '/api/alerts/subscriptions/web-push', { subscription: subscription.toJSON(), zoneIds, language });
  return 'subscribed';
}

/** Deletes this browser's alert subscription on the server (the row is deleted, not flagged). */
export async function unsubscribeFromAlerts(): Promise<void> {
  const subscription = await currentSubscription();
  if (!subscription) return;
  await api('DELETE', '/api/alerts/subscriptions/web-push', { endpoint: subscription.endpoint });
}
