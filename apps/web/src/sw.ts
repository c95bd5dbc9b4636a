/// <reference lib="webworker" />
/**
 * Centinela's service worker: shows pings that arrive by Web Push while the page is closed, opens the app
 * when one is tapped, and keeps the app shell cached so the page opens without a connection (answers are
 * then queued in the page and sent when back online). Push payloads carry only an id and a kind.
 */
declare const self: ServiceWorkerGlobalScope;
export {};

import type { AlertPushPayload } from '@centinela/contracts';
import { languageFor } from './shared/i18n/languages';
import { drillLabel, type NotificationKind, notificationTexts } from './shared/i18n/notifications';

type PushMessage = { kind: NotificationKind; pingId: string; url: string; drill?: true };

const SHELL = 'centinela-shell-v1';
/** Where the page leaves the language the responder chose (shared/i18n/i18n.ts); kept across updates. */
const SETTINGS = 'centinela-settings';

/** The responder's language: the one chosen in the app, else the phone's, else English. */
async function notificationLanguage() {
  const chosen = await caches
    .open(SETTINGS)
    .then((cache) => cache.match('/__settings/language'))
    .then((response) => response?.text());
  return languageFor(chosen) ?? languageFor(self.navigator.language) ?? 'en';
}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(['/', '/manifest.webmanifest'])));
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== SETTINGS).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** The build's files a page names (`/assets/main-3f9a….js`): a new build names other ones. */
const assetsNamedIn = (html: string) => new Set(html.match(/\/assets\/[^"'\s)]+/g) ?? []);

/**
 * Keeps the fresh app shell for offline use. When it is a new build (it names other files than the shell kept
 * before), the files only the old builds used are deleted, so a phone does not keep every build it ever ran. The
 * new build's lazy chunks are cached again as the page loads them; a file both builds share is fetched once more.
 */
async function keepShell(response: Response): Promise<void> {
  const cache = await caches.open(SHELL);
  const html = await response.clone().text();
  const before = await cache.match('/').then((kept) => kept?.text());
  await cache.put('/', response);
  const named = assetsNamedIn(html);
  if (before === undefined || [...assetsNamedIn(before)].every((asset) => named.has(asset))) return;
  const stale = (await cache.keys()).filter((request) => {
    const path = new URL(request.url).pathname;
    return path.startsWith('/assets/') && !named.has(path);
  });
  await Promise.all(stale.map((request) => cache.delete(request)));
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io'))
    return;
  if (event.request.mode === 'navigate') {
    // The app shell: fresh when online, cached when not.
    event.respondWith(
      fetch(event.request)
        .then((response) => {
          if (response.ok) event.waitUntil(keepShell(response.clone()));
          return response;
        })
        .catch(async () => (await caches.match('/')) ?? Response.error()),
    );
  } else if (url.pathname.startsWith('/assets/')) {
    // Hashed assets never change: cache first. Only a file that was there is kept: an old build's chunk asked for
    // after a deploy is a 404, and caching it would keep the page broken after the reload that fixes it.
    event.respondWith(
      caches.match(event.request).then(
        (hit) =>
          hit ??
          fetch(event.request).then((response) => {
            // Copied before the page reads the body: a copy taken later (after caches.open) fails, and nothing was kept.
            if (response.ok) {
              const copy = response.clone();
              event.waitUntil(caches.open(SHELL).then((cache) => cache.put(event.request, copy)));
            }
            return response;
          }),
      ),
    );
  }
});

/** A community alert (the public /alerts page subscribed this browser): its text travels in the push, as sent to everyone. */
function showAlert(alert: AlertPushPayload, language: string) {
  return self.registration.showNotification(alert.drill ? `${drillLabel[language] ?? drillLabel.en} · ${alert.title}` : alert.title, {
    body: alert.body,
    tag: `alert-${alert.alertId}`,
    data: { url: alert.url },
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    // The alert's image, from this server (the path resolves against the worker's own origin); Chrome shows it large.
    ...(alert.image ? ({ image: alert.image } as object) : {}),
  });
}

self.addEventListener('push', (event) => {
  const message = (event.data?.json() ?? null) as PushMessage | AlertPushPayload | null;
  if (!message) return;
  if (message.kind === 'alert') {
    event.waitUntil(notificationLanguage().then((language) => showAlert(message, language)));
    return;
  }
  event.waitUntil(
    notificationLanguage().then((language) => {
      const { title, body } = (notificationTexts[language] ?? notificationTexts.en!)[message.kind];
      return self.registration.showNotification(message.drill ? `${drillLabel[language] ?? drillLabel.en} · ${title}` : title, {
        body,
        tag: message.pingId,
        data: message,
        icon: '/icons/icon-192.png',
        badge: '/icons/icon-192.png',
        requireInteraction: message.kind === 'ping',
        ...({ renotify: true, vibrate: message.kind === 'ping' ? [300, 120, 300, 120, 300] : [] } as object),
      });
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | undefined)?.url ?? '/respond';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).pathname === url);
      return open ? open.focus() : self.clients.openWindow(url);
    }),
  );
});
