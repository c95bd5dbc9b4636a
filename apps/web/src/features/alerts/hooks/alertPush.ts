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
 * notifications blocked for the site, no push in this browser or window, the browser's push service not available
 * (what a private window says), the service worker would not start, the browser's push service refused or could not
 * be reached, no connection, or the browser never answered (`timeout`, after SIGNUP_DEADLINE_MS).
 */
export type AlertPushProblem = 'denied' | 'unsupported' | 'unavailable' | 'worker' | 'pushService' | 'offline' | 'timeout';

/** How long signing up may take once permission is given, before the page gives up and says so. */
export const SIGNUP_DEADLINE_MS = 20_000;

/** Where a sign-up is, for the page to say while it waits: the browser's permission question, then the sign-up. */
export type SignupStep = 'permission' | 'signing-up';

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
  // Chromium's "Registration failed - push service not available" (a private window, or a browser built without
  // push): not the connection's fault, and retrying will not help.
  const message = error instanceof Error ? error.message : '';
  if (stage === 'subscribe' && /not available|unavailable|incognito|private/i.test(message)) return 'unavailable';
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
export async function subscribeToAlerts(
  zoneIds: string[],
  language: AlertLanguage,
  onStep: (step: SignupStep) => void = () => undefined,
): Promise<'subscribed' | 'denied' | 'unsupported'> {
  if (!alertPushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  let permission: NotificationPermission = Notification.permission;
  // No deadline for the question: the person is reading it.
  if (permission !== 'granted') {
    onStep('permission');
    try {
      permission = await Notification.requestPermission();
    } catch (error) {
      throw new AlertPushError(pushProblemOf(error, 'subscribe'), error);
    }
  }
  if (permission !== 'granted') return 'denied';
  onStep('signing-up');
  // The browser's worker and push service can leave a promise pending for ever (a push service that never answers):
  // the page gives up after a while and says so, instead of a greyed-out button and nothing else.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AlertPushError('timeout')), SIGNUP_DEADLINE_MS);
  });
  try {
    await Promise.race([signUp(zoneIds, language), deadline]);
  } finally {
    clearTimeout(timer);
  }
  return 'subscribed';
}

/** The browser's push subscription, sent to the server with the areas and language. */
async function signUp(zoneIds: string[], language: AlertLanguage): Promise<void> {
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
