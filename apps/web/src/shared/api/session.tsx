import type { LoginResponse } from '@centinela/contracts';
import { useEffect, useSyncExternalStore } from 'react';
import { api } from './client';
import { type Session, sessionStore } from './session-store';

const subscribe = (listener: () => void) => sessionStore.subscribe(listener);

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, sessionStore.get);
}

/** Set by `logout` until the next sign-in: see `returnTo`. */
let signedOut = false;

export async function login(username: string, password: string): Promise<Session> {
  const session = await api<LoginResponse>('POST', '/api/auth/login', { username, password });
  signedOut = false;
  sessionStore.set(session);
  return session;
}

/**
 * Where the sign-in page sends someone back to once signed in: the page they were on when their session ended,
 * but never after a sign-out — the next person on a shared computer starts on their own home page, even if they
 * sign in on the sign-in page this one shows before the fresh one has loaded.
 */
export function returnTo(pathname: string): { from: string } | null {
  return signedOut ? null : { from: pathname };
}

/**
 * Signs out: the server deletes this responder's push subscriptions; this browser forgets its own and the token,
 * then loads the sign-in page afresh — nothing of this person's session (live data, drafts, the page they were on)
 * stays in memory for whoever signs in next on a shared computer.
 */
export async function logout(): Promise<void> {
  await api('POST', '/api/auth/logout').catch(() => undefined);
  const registration = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration() : undefined;
  await (await registration?.pushManager.getSubscription())?.unsubscribe().catch(() => undefined);
  signedOut = true;
  sessionStore.set(null);
  // A URL other than /login: the same URL would be a reload, which keeps the router's "return to" state.
  window.location.replace('/login?signed-out');
}

/** Keeps the session's token fresh: refreshes a minute before it expires, until the session's maximum age. */
export function useTokenRefresh(session: Session | null): void {
  useEffect(() => {
    if (!session) return;
    const due = Math.max(5_000, Date.parse(session.expiresAt) - Date.now() - 60_000);
    const timer = setTimeout(() => {
      api<LoginResponse>('POST', '/api/auth/refresh').then(
        (fresh) => sessionStore.set(fresh),
        () => undefined,
      );
    }, due);
    return () => clearTimeout(timer);
  }, [session]);
}
