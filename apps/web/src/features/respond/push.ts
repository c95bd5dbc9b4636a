import { api } from '../../shared/api/client';

const toBytes = (base64url: string) => Uint8Array.from(atob(base64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** Whether this browser can receive pings while the page is closed. */
export const pushSupported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/** Asks for notification permission and registers this browser's push subscription with the server. */
export async function enablePush(): Promise<boolean> {
  if (!pushSupported() || (await Notification.requestPermission()) !== 'granted') return false;
  const registration = await navigator.serviceWorker.ready;
  const { publicKey } = await api<{ publicKey: string }>('GET', '/api/push/key');
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: toBytes(publicKey) }));
  await api('PUT', '/api/push/subscription', subscription.toJSON());
  return true;
}

/** Drops this browser's subscription (the server also deletes it on sign-out and going off duty). */
export async function disablePush(): Promise<void> {
  if (!pushSupported()) return;
  const subscription = await (await navigator.serviceWorker.ready).pushManager.getSubscription();
  if (!subscription) return;
  await api('DELETE', '/api/push/subscription', { endpoint: subscription.endpoint }).catch(() => undefined);
  await subscription.unsubscribe();
}
