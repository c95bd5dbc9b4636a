import { type Page } from '@playwright/test';
import { PushReceiver } from '../support/push-receiver.js';
import { apiAs, expect, renderedIds, signIn, test, town } from './driver.js';

/** Away from every other spec's corners: Los Pinos. */
const SPOT = town(1300, -1000);
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

/** Every alerts and drills page, at desktop and phone size, in English and Spanish: none scrolls sideways. */
test('the alerts and drills pages fit desktop and phone screens, in English and Spanish', async ({ newContext, baseURL }) => {
  test.setTimeout(600_000); // 28 screens, several with a map, on a software renderer
  const dispatcher = await apiAs(baseURL!, 'dispatcher');
  const coordinator = await apiAs(baseURL!, 'coordinator');
  const { sighting } = await dispatcher.logSighting(SPOT, { activity: 'door_knock', locationDescription: 'Pinos & 4th' });
  const { body: view } = await dispatcher.call('GET', `/api/incidents/${sighting.incidentId}`);
  await dispatcher.call('POST', `/api/incidents/${sighting.incidentId}/status`, { status: 'confirmed', reason: 'seen', version: view.incident.version });
  // One neighbour of Los Pinos subscribed (at the local stub push service), so the alert has someone to go to.
  const receiver = await PushReceiver.start();
  const { body: key } = await dispatcher.call('GET', '/api/alerts/subscriptions/web-push/key');
  const { body: areas } = await dispatcher.call('GET', '/api/alerts/subscriptions/areas');
  const pinos = (areas.areas as { id: string; name: string }[]).find((a) => a.name === 'Los Pinos')!;
  const subscribed = await dispatcher.call('PUT', '/api/alerts/subscriptions/web-push', {
    subscription: receiver.subscribe({ applicationServerKey: key.publicKey }),
    zoneIds: [pinos.id],
    language: 'es',
  });
  expect(subscribed.status).toBe(204);
  const { body: prefill } = await dispatcher.call('POST', '/api/alerts/prefill', {
    type: 'incident',
    incidentId: sighting.incidentId,
    languages: ['en', 'es'],
  });
  const { body: created } = await dispatcher.call('POST', '/api/alerts', { ...prefill, channels: ['webpush'] });
  expect((await dispatcher.call('POST', `/api/alerts/${created.alert.id}/approval-request`, {})).status).toBe(200);
  const drill = await coordinator.call('POST', '/api/drills', { location: { type: 'Point', coordinates: town(1300, -600) }, scenario: 'Two unmarked SUVs' });
  expect(drill.status).toBe(201);

  const pages: { path: string; role: 'dispatcher' | 'coordinator' | null; ready: string }[] = [
    { path: '/alerts', role: null, ready: 'subscribe-page' },
    { path: '/alerts/manage', role: 'dispatcher', ready: 'alerts-list' },
    { path: `/alerts/compose?incident=${sighting.incidentId}`, role: 'dispatcher', ready: 'variants' },
    { path: `/alerts/manage/${created.alert.id}`, role: 'dispatcher', ready: 'waiting-second' },
    { path: `/alerts/manage/${created.alert.id}`, role: 'coordinator', ready: 'approve' },
    { path: '/alerts/templates', role: 'coordinator', ready: 'templates' },
    { path: '/drills', role: 'coordinator', ready: `drill-report-${drill.body.id}` },
  ];
  for (const language of ['en', 'es']) {
    for (const [size, viewport] of Object.entries(SIZES)) {
      for (const role of [null, 'dispatcher', 'coordinator'] as const) {
        const context = await newContext({ viewport });
        await context.addInitScript((code) => localStorage.setItem('centinela.language', code), language);
        const page = await context.newPage();
        if (role) await signIn(page, role);
        for (const p of pages.filter((x) => x.role === role)) {
          await page.goto(p.path);
          await expect(page.getByTestId(p.ready)).toBeVisible({ timeout: 15_000 });
          await settle(page);
          // The public page draws the areas one can pick on its map.
          if (p.path === '/alerts') await expect.poll(() => renderedIds(page, 'alert-areas').then((ids) => ids.length), { timeout: 15_000 }).toBeGreaterThan(0);
          const name = `${p.path
            .split('?')[0]!
            .replace(/[/]/g, '_')
            .replace(/_[0-9a-f-]{36}/, '_id')}-${p.role ?? 'public'}-${size}-${language}.png`;
          await page.screenshot({ path: test.info().outputPath(name), fullPage: true });
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${p.path} as ${p.role ?? 'anyone'} at ${size} in ${language} scrolls sideways`).toBeLessThanOrEqual(0);
        }
        await context.close();
      }
    }
  }
  await receiver.close();
});

/** Lets fonts and the map's first frame settle before a screenshot. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  const map = page.locator('[data-loaded]');
  if (!(await map.count())) return;
  await expect(map.first()).toHaveAttribute('data-loaded', 'true', { timeout: 15_000 });
  await page.waitForFunction(() => (window as any).centinelaMap?.loaded() && (window as any).centinelaMap.areTilesLoaded(), null, { timeout: 15_000 });
}
