import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContextOptions, Page } from '@playwright/test';
import { PushReceiver } from '../support/push-receiver.js';
import { apiAs, expect, MAP_LOAD_MS, signIn, SPOTS, test, waitForLive } from './driver.js';

/**
 * What axe-core can find of WCAG 2.2 A and AA (and its best practices: one main landmark, one h1, everything inside a
 * landmark), on every page, as each role would see it. A hotline shift runs at night on the dark theme, a responder
 * reads a phone in the street, and a neighbour may read Spanish: each of those is its own pass, because a colour that
 * passes on white can vanish on the dark surfaces, and a table that fits a desktop has to scroll on a phone.
 */
const RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

type Role = 'coordinator' | 'dispatcher' | 'responder';
const PAGES: { role: Role | null; paths: string[] }[] = [
  { role: null, paths: ['/', '/login', '/report', '/map', '/alerts', '/invite/no-such-invite'] },
  {
    role: 'coordinator',
    paths: [
      '/zones',
      '/responders',
      '/referrals',
      '/shifts',
      '/metrics',
      '/drills',
      '/alerts/manage',
      '/alerts/compose',
      '/alerts/templates',
      '/settings/channels',
      '/follow-ups',
    ],
  },
  { role: 'dispatcher', paths: ['/dispatch', '/hotline', '/metrics/log'] },
  { role: 'responder', paths: ['/respond'] },
];

const PASSES: { name: string; language: string; theme: 'light' | 'dark'; context: BrowserContextOptions }[] = [
  { name: 'English, desktop, light theme', language: 'en', theme: 'light', context: { viewport: { width: 1280, height: 800 } } },
  {
    name: 'Spanish, phone, dark theme',
    language: 'es',
    theme: 'dark',
    context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  },
];

/** Chooses the page's language and theme before its first script runs, as a returning user's stored choice would. */
async function prefer(page: Page, language: string, theme: 'light' | 'dark'): Promise<void> {
  await page.addInitScript(
    ([l, t]) => {
      localStorage.setItem('centinela.language', l!);
      localStorage.setItem('centinela.theme', t!);
    },
    [language, theme],
  );
}

/** Waits until the page has fetched what it shows and drawn its maps, then asks axe for violations. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  // Half a second with no request in flight: what the page fetches on opening has arrived. Bounded, because a page
  // that polls may never be that quiet; the maps are waited for on their own just below.
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  await expect(page.locator('.map-canvas:not([data-loaded="true"])')).toHaveCount(0, { timeout: MAP_LOAD_MS });
  // What is folded away (a chart's numbers as a table) is read too, once opened.
  await page.locator('details:not([open])').evaluateAll((folded) => folded.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  // Only violations are collected: the details of what passed would cost a third of the time and are never read.
  const { violations } = await new AxeBuilder({ page })
    .withTags(RULES)
    .options({ resultTypes: ['violations'] })
    .analyze();
  const found = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} × ${v.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(' ')} [${n.failureSummary?.split('\n')[1]?.trim() ?? ''}]`)
        .join('; ')}`,
  );
  expect(found, `accessibility of ${where}`).toEqual([]);
}

for (const pass of PASSES) {
  for (const { role, paths } of PAGES) {
    test(`every page as ${role ?? 'a visitor'} has nothing axe flags against WCAG 2.2 AA: ${pass.name}`, async ({ newContext }) => {
      const page = await (await newContext(pass.context)).newPage();
      await prefer(page, pass.language, pass.theme);
      if (role) await signIn(page, role);
      for (const path of paths) {
        await page.goto(path);
        // The tab names the page, not only the app (WCAG 2.4.2): a screen reader says it when the page opens.
        await expect(page).toHaveTitle(/^[^·]+ · Centinela$/);
        await expectAccessible(page, `${path} as ${role ?? 'a visitor'} (${pass.name})`);
      }
    });
  }
}

test('the first Tab on a staff page reaches a link that skips the top bar and lands in the page', async ({ newContext }) => {
  const page = await (await newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await prefer(page, 'es', 'light');
  await signIn(page, 'coordinator');
  await page.goto('/responders');
  await expect(page).toHaveTitle('Respondedores · Centinela');
  await page.locator('body').press('Tab');
  const skip = page.getByRole('link', { name: 'Saltar al contenido' });
  await expect(skip).toBeFocused();
  expect((await skip.boundingBox())!.x).toBeGreaterThanOrEqual(0); // on screen once focused
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await page.keyboard.press('Tab');
  // The next stop is in the page, not one of the top bar's links.
  expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
});

test('the screens of a live incident have nothing axe flags, and a screen reader hears the ping and the report: the ping on the phone, the incident drawer, the alert composer and its approval', async ({
  newContext,
  baseURL,
}) => {
  const phoneSize = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
  const phone = await (await newContext(phoneSize)).newPage();
  await prefer(phone, 'es', 'dark');
  await signIn(phone, 'responder');
  await waitForLive(phone);
  const console = await (await newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await prefer(console, 'en', 'dark');
  await signIn(console, 'dispatcher');
  await waitForLive(console);

  const dispatcher = await apiAs(baseURL!, 'dispatcher');
  // One neighbour of Centro subscribed (at the local stub push service), so the alert has someone to go to.
  const receiver = await PushReceiver.start();
  try {
    const { body: key } = await dispatcher.call('GET', '/api/alerts/subscriptions/web-push/key');
    const { body: areas } = await dispatcher.call('GET', '/api/alerts/subscriptions/areas');
    const centro = (areas.areas as { id: string; name: string }[]).find((a) => a.name === 'Centro')!;
    const subscription = receiver.subscribe({ applicationServerKey: key.publicKey });
    expect((await dispatcher.call('PUT', '/api/alerts/subscriptions/web-push', { subscription, zoneIds: [centro.id], language: 'en' })).status).toBe(204);
    const { sighting } = await dispatcher.logSighting(SPOTS.accessibility, { activity: 'door_knock', agency: 'ice', locationDescription: 'Cermak & Loomis' });

    // The responder's ping, then accepted: both states of the card.
    const card = phone.locator('li.ping', { hasText: 'Cermak & Loomis' });
    await expect(card).toHaveAttribute('data-status', 'pending');
    // A screen reader says the ping at once (assertive), and the report on the live map when it can (polite).
    await expect(phone.getByTestId('announce-assertive')).toContainText('Nuevo aviso: Tocando puertas · ICE. Cermak & Loomis');
    await expect(console.getByTestId('announce-polite')).toContainText('New report: Knocking on doors · Cermak & Loomis');
    await expectAccessible(phone, 'a pending ping on the responder’s phone');
    await card.getByRole('button', { name: 'Voy' }).click();
    await expect(card).toHaveAttribute('data-status', 'accepted');
    await expectAccessible(phone, 'an accepted ping on the responder’s phone');

    // The night-shift dispatcher opens the incident, confirms it, and composes an alert from it.
    await console.getByTestId(`incident-${sighting.incidentId}`).click();
    await expect(console.getByTestId('ping-roster').locator('li', { hasText: 'Colibrí' })).toHaveAttribute('data-status', 'accepted');
    await expectAccessible(console, 'the incident drawer with its pings (dark theme)');
    const { body: view } = await dispatcher.call('GET', `/api/incidents/${sighting.incidentId}`);
    const confirmed = await dispatcher.call('POST', `/api/incidents/${sighting.incidentId}/status`, {
      status: 'confirmed',
      reason: 'verifier on scene',
      version: view.incident.version,
    });
    expect(confirmed.status).toBe(200);
    await expect(console.getByTestId('compose-alert')).toBeVisible();
    await expectAccessible(console, 'a confirmed incident’s drawer (dark theme)');
    await console.getByTestId('compose-alert').click();
    await expect(console.getByTestId('variant-en')).toBeVisible();
    await console.getByTestId('title-en').fill('Agents knocking at Cermak & Loomis');
    await console.getByTestId('text-en').fill('Verified: agents knocking on doors at Cermak & Loomis. Do not open the door. 🚨');
    await expect(console.getByTestId('ucs2-en')).toContainText('🚨');
    await expectAccessible(console, 'the alert composer with a variant written (dark theme)');
    await console.getByTestId('request-approval').click();
    await expect(console.getByTestId('waiting-second')).toBeVisible();
    await expectAccessible(console, 'an alert waiting for a second person (dark theme)');

    // The coordinator who approves it reads the same page in the light theme, in Spanish.
    const approver = await (await newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await prefer(approver, 'es', 'light');
    await signIn(approver, 'coordinator');
    await approver.goto(new URL(console.url()).pathname);
    await expect(approver.getByTestId('approve')).toBeVisible();
    await expectAccessible(approver, 'an alert as the approver sees it (Spanish, light theme)');
  } finally {
    await receiver.close();
  }
});
