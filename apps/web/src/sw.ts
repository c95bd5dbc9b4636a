/// <reference lib="webworker" />
/**
 * Centinela's service worker: shows pings that arrive by Web Push while the page is closed, opens the app
 * when one is tapped, and keeps the app shell cached so the page opens without a connection (answers are
 * then queued in the page and sent when back online). Push payloads carry only an id and a kind.
 */
declare const self: ServiceWorkerGlobalScope;
export {};

type PushMessage = { kind: 'ping' | 'covered' | 'cancelled'; pingId: string; url: string };

const SHELL = 'centinela-shell-v1';

const texts: Record<PushMessage['kind'], { title: string; body: string }> = {
  ping: { title: 'Centinela — nuevo aviso / new ping', body: 'Abre para responder · Open to respond' },
  covered: { title: 'Centinela — cubierto / covered', body: 'Ya no te necesitan, gracias · No longer needed, thanks' },
  cancelled: { title: 'Centinela — cancelado / called off', body: 'El despacho se canceló · The dispatch was called off' },
};

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(['/', '/manifest.webmanifest'])));
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io'))
    return;
  if (event.request.mode === 'navigate') {
    // The app shell: fresh when online, cached when not.
    event.respondWith(
      fetch(event.request)
        .then((response) => {
          void caches.open(SHELL).then((cache) => cache.put('/', response.clone()));
          return response;
        })
        .catch(async () => (await caches.match('/')) ?? Response.error()),
    );
  } else if (url.pathname.startsWith('/assets/')) {
    // Hashed assets never change: cache first.
    event.respondWith(
      caches.match(event.request).then(
        (hit) =>
          hit ??
          fetch(event.request).then((response) => {
            void caches.open(SHELL).then((cache) => cache.put(event.request, response.clone()));
            return response;
          }),
      ),
    );
  }
});

self.addEventListener('push', (event) => {
  const message = (event.data?.json() ?? null) as PushMessage | null;
  if (!message) return;
  const { title, body } = texts[message.kind];
  event.waitUntil(
    self.registration.showNotification(title, {
      body,
      tag: message.pingId,
      data: message,
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      requireInteraction: message.kind === 'ping',
      ...({ renotify: true, vibrate: message.kind === 'ping' ? [300, 120, 300, 120, 300] : [] } as object),
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as PushMessage | undefined)?.url ?? '/respond';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).pathname === url);
      return open ? open.focus() : self.clients.openWindow(url);
    }),
  );
});
