import { apiAs, expect, signIn, SPOTS, test, waitForLive } from './driver.js';

test('the responder app installs as a PWA and an answer given offline is sent once back online', async ({ newContext, baseURL }) => {
  const context = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const phone = await context.newPage();

  const manifest = await (await phone.request.get('/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({ start_url: '/respond', display: 'standalone' });
  expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) expect((await phone.request.get(icon.src)).status()).toBe(200);

  await signIn(phone, 'responder');
  await waitForLive(phone);
  await expect.poll(() => phone.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state)).toBe('activated');

  const dispatcher = await apiAs(baseURL!, 'dispatcher');
  await dispatcher.logSighting(SPOTS.offline, { locationDescription: 'Offline test corner' });
  const card = phone.locator('li.ping', { hasText: 'Offline test corner' });
  await expect(card).toHaveAttribute('data-status', 'pending');

  await context.setOffline(true);
  await card.getByRole('button', { name: 'Accept' }).click();
  await expect(card).toContainText('Saved; it will be sent when you are back online.');
  await expect(card).toHaveAttribute('data-status', 'pending');

  await context.setOffline(false);
  await expect(card).toHaveAttribute('data-status', 'accepted');
  await expect(card).not.toContainText('Saved; it will be sent');
  const pingId = (await card.getAttribute('data-testid'))!.replace('ping-', '');
  const { body } = await dispatcher.call('GET', '/api/sightings');
  const ping = body.flatMap((v: any) => v.dispatches.flatMap((d: any) => d.pings)).find((p: any) => p.id === pingId);
  expect(ping.status).toBe('accepted');

  // A new build's shell drops from the phone's cache the files only an older build used, and keeps its own.
  const cached = () => phone.evaluate(async () => (await (await caches.open('centinela-shell-v1')).keys()).map((r) => new URL(r.url).pathname));
  await phone.evaluate(async () => {
    const cache = await caches.open('centinela-shell-v1');
    await cache.put('/assets/index-OLDBUILD.js', new Response('old build', { headers: { 'content-type': 'text/javascript' } }));
    await cache.put('/', new Response('<script type="module" src="/assets/index-OLDBUILD.js"></script>', { headers: { 'content-type': 'text/html' } }));
  });
  await phone.reload();
  await waitForLive(phone);
  await expect
    .poll(async () => {
      const paths = await cached();
      return {
        old: paths.includes('/assets/index-OLDBUILD.js'),
        current: paths.some((p) => /^\/assets\/main-[\w-]+\.js$/.test(p)),
      };
    })
    .toEqual({ old: false, current: true });
});

test('an answer the server cannot take just then (503 while its database restarts) is kept and sent once it can', async ({ newContext, baseURL }) => {
  const context = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const phone = await context.newPage();
  await signIn(phone, 'responder');
  await waitForLive(phone);
  const dispatcher = await apiAs(baseURL!, 'dispatcher');
  await dispatcher.logSighting(SPOTS.unavailable, { locationDescription: 'Unavailable test corner' });
  const card = phone.locator('li.ping', { hasText: 'Unavailable test corner' });
  await expect(card).toHaveAttribute('data-status', 'pending');

  // What the API answers while it cannot reach its database (database-outage.test.ts), for a moment.
  let refused = 0;
  await phone.route('**/api/pings/*/ack', (route) => {
    refused++;
    return route.fulfill({
      status: 503,
      contentType: 'application/json',
      headers: { 'retry-after': '5' },
      body: JSON.stringify({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'temporarily unavailable: a connection failed (ECONNREFUSED); try again in a moment',
      }),
    });
  });
  await card.getByRole('button', { name: 'Accept' }).click();
  await expect(card).toContainText('Saved; it will be sent when you are back online.');
  expect(refused).toBe(1);
  await phone.unroute('**/api/pings/*/ack');

  // No event says the server is back: the page retries by itself, and the answer counts once.
  await expect(card).toHaveAttribute('data-status', 'accepted', { timeout: 15_000 });
  await expect(card).not.toContainText('Saved; it will be sent');
  const pingId = (await card.getAttribute('data-testid'))!.replace('ping-', '');
  const { body } = await dispatcher.call('GET', '/api/sightings');
  const ping = body.flatMap((v: any) => v.dispatches.flatMap((d: any) => d.pings)).find((p: any) => p.id === pingId);
  expect(ping.status).toBe('accepted');
});
