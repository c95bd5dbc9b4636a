import type { AlertLanguage } from '@centinela/contracts';
import { ApiError, api } from '../../../shared/api/client';
import { sessionStore } from '../../../shared/api/session-store';

const toBytes = (base64url: string) => Uint8Array.from(atob(base64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** Whether this browser can receive alerts while the page is closed (a private window may lack the service worker). */
export const alertPushSupported = () =>
  (navigator.serviceWorker as ServiceWorkerContainer | undefined) !== undefined && 'PushManager' in window && 'Notification' in window;

/**
 * Why this browser could not be subscribed, in words the page can translate (the browser's own messages, such as
 * "Registration failed - permission denied", are English and say nothing of what to do):
 * notifications blocked for the site, no push in this browser or window, the service worker would not start, the
 * browser's push service refused or could not be reached, or no connection.
 */
export type AlertPushProblem = 'denied' | 'unsupported' | 'worker' | 'pushService' | 'offline';

export class AlertPushError extends Error {
  constructor(
    readonly problem: AlertPushProblem,
    cause?: unknown,
  ) {
    super(`web push: ${problem}`, { cause });
  }
}

/** Sorts what the browser threw while subscribing into one of the problems the page explains. */
export function pushProblemOf(error: unknown, stage: 'worker' | 'subscribe'): AlertPushProblem {
  if (!navigator.onLine) return 'offline';
  if ('Notification' in window && Notification.permission === 'denied') return 'denied';
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError') return 'denied';
  if (name === 'NotSupportedError') return 'unsupported';
  if (name === 'SecurityError') return stage === 'worker' ? 'worker' : 'unsupported';
  return stage === 'worker' ? 'worker' : 'pushService';
}

/**
 * The service worker's registration: the one main.tsx started, or one registered here, so that a worker that cannot
 * start fails with an error instead of leaving `navigator.serviceWorker.ready` pending forever.
 */
async function registration(): Promise<ServiceWorkerRegistration> {
  try {
    const existing = await navigator.serviceWorker.getRegistration();
    if (!existing) await navigator.serviceWorker.register('/sw.js', { type: 'module' });
    return await navigator.serviceWorker.ready;
  } catch (error) {
    throw new AlertPushError(pushProblemOf(error, 'worker'), error);
  }
}

/** This browser's push subscription, if it has one (null when it has none or cannot tell). */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (!alertPushSupported()) return null;
  const existing = await navigator.serviceWorker.getRegistration().catch(() => undefined);
  return existing ? existing.pushManager.getSubscription().catch(() => null) : null;
}

/**
 * Asks for notification permission and subscribes this browser (no account) to the areas and language picked.
 * The server keeps the endpoint encrypted and nothing else about the browser. Throws AlertPushError when the browser
 * fails, ApiError when the server refuses.
 */
export async function subscribeToAlerts(zoneIds: string[], language: AlertLanguage): Promise<'subscribed' | 'denied' | 'unsupported'> {
  if (!alertPushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  let permission: NotificationPermission;
  try {
    permission = await Notification.requestPermission();
  } catch (error) {
    throw new AlertPushError(pushProblemOf(error, 'subscribe'), error);
  }
  if (permission !== 'granted') return 'denied';
  const worker = await registration();
  const { publicKey } = await api<{ publicKey: string }>('GET', '/api/alerts/subscriptions/web-push/key');
  let subscription: PushSubscription;
  try {
    subscription =
      (await worker.pushManager.getSubscription()) ?? (await worker.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: toBytes(publicKey) }));
  } catch (error) {
    throw new AlertPushError(pushProblemOf(error, 'subscribe'), error);
  }
  await api('PUT', '/api/alerts/subscriptions/web-push', { subscription: subscription.toJSON(), zoneIds, language });
  return 'subscribed';
}

/**
 * Deletes this browser's alert subscription on the server (the row is deleted, not flagged), then the browser's own,
 * unless someone is signed in here: a responder's pings use the same push subscription.
 */
export async function unsubscribeFromAlerts(): Promise<void> {
  const subscription = await currentSubscription();
  if (!subscription) return;
  await api('DELETE', '/api/alerts/subscriptions/web-push', { endpoint: subscription.endpoint });
  if (!sessionStore.get()) await subscription.unsubscribe().catch(() => undefined);
}

/** Whether an error is the connection's (the server unreachable), not the server's answer. */
export const offline = (e: unknown) => (e instanceof ApiError && e.status === 0) || (e instanceof AlertPushError && e.problem === 'offline');
