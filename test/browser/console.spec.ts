import { apiAs, expect, mapLoaded, signIn, test, town, waitForLive } from './driver.js';

test('a new public report raises the count in the tab title and shows a cue while the drawer is open', async ({ page, baseURL }) => {
  await signIn(page, 'dispatcher');
  await mapLoaded(page);
  await waitForLive(page);
  const dispatcher = await apiAs(baseURL!, 'dispatcher');
  const { sighting } = await dispatcher.logSighting(town(1300, -900), { locationDescription: 'Los Pinos corner', activity: 'surveilling' });
  // Logged on another screen: news here, until looked at.
  await expect(page).toHaveTitle('(1) Live map · Centinela');
  await page.getByTestId(`incident-${sighting.incidentId}`).click();
  await expect(page.getByTestId('incident-drawer')).toBeVisible();
  await expect(page).toHaveTitle('Live map · Centinela');

  const report = await fetch(`${baseURL}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      location: { type: 'Point', coordinates: town(-1300, -1800) },
      observedAt: new Date().toISOString(),
      description: 'Two vans at the port gate',
    }),
  });
  expect(report.status).toBe(201);
  await expect(page).toHaveTitle('(1) Live map · Centinela');
  await expect(page.getByTestId('incident-drawer')).toBeVisible();
  await expect(page.getByTestId('new-reports')).toContainText('1 new report');

  await page.getByTestId('new-reports').getByRole('button', { name: /show/i }).click();
  await expect(page).toHaveTitle('Live map · Centinela');
  await expect(page.getByTestId('incident-drawer')).toContainText('Two vans at the port gate');
});

test('the dark theme follows the system, themes the street map, and can be switched', async ({ newContext }) => {
  const context = await newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page, 'dispatcher');
  await mapLoaded(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(background).toBe('rgb(20, 24, 28)');
  await expect(page.getByTestId('map')).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => (window as any).centinelaMap.getPaintProperty('land', 'background-color'))).toBe('#1e2327');

  await page.getByTestId('theme-switch').selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('map')).toHaveAttribute('data-theme', 'light');
  await mapLoaded(page);
  expect(await page.evaluate(() => (window as any).centinelaMap.getPaintProperty('land', 'background-color'))).toBe('#f3f1ec');
});

test('the phone header stays on one line, and going off duty asks first', async ({ newContext }) => {
  const context = await newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'es-MX' });
  const page = await context.newPage();
  await page.addInitScript(() => localStorage.setItem('centinela.language', 'es'));
  await signIn(page, 'responder');
  const header = page.locator('header.topbar');
  const box = (await header.boundingBox())!;
  expect(box.height).toBeLessThan(56);
  expect(await header.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);

  const duty = page.getByTestId('on-duty');
  await expect(duty).toBeChecked();
  await duty.click();
  await expect(page.getByTestId('off-duty-confirm')).toContainText('¿Salir de turno?');
  await page.getByRole('button', { name: 'Seguir de turno' }).click();
  await expect(duty).toBeChecked();
});

test('on a phone the pages sit behind a Menu button that opens the whole list, by keyboard too', async ({ newContext }) => {
  for (const language of ['en', 'ar']) {
    const context = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signIn(page, 'dispatcher');
    await page.evaluate((l) => localStorage.setItem('centinela.language', l), language);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    const header = page.locator('header.topbar');
    expect(await header.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    const menu = page.getByTestId('menu-button');
    const pages = page.getByRole('navigation');
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(pages).toBeHidden();

    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    // Every page the dispatcher has, each whole on screen; focus on the page they are on.
    const links = pages.getByRole('link');
    await expect(links).toHaveCount(7);
    for (const box of await links.evaluateAll((all) => all.map((a) => a.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(390);
    }
    await expect(links.first()).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(pages).toBeHidden();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(menu).toBeFocused();
    // And the dispatcher's Esc shortcut did not also act (the form or incident stays as it was): the map is there.
    await expect(page).toHaveURL(/\/dispatch$/);

    if (language === 'en') {
      await page.keyboard.press('Enter');
      await expect(links.first()).toBeFocused();
      await pages.getByRole('link', { name: 'Follow-ups' }).click();
      await expect(page).toHaveURL(/\/follow-ups$/);
      await expect(page.getByTestId('menu-button')).toHaveAttribute('aria-expanded', 'false');
    }
  }
});

test('the shortcuts open over the page while an incident is open, and Esc closes them and not the incident', async ({ page, baseURL }) => {
  const { sighting } = await (await apiAs(baseURL!, 'dispatcher')).logSighting(town(-1500, 1800), { locationDescription: 'Colinas, shortcuts' });
  await signIn(page, 'dispatcher');
  await mapLoaded(page);
  await page.getByTestId(`incident-${sighting.incidentId}`).click();
  const drawer = page.getByTestId('incident-drawer');
  await expect(drawer).toBeVisible();
  await page.locator('body').press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toBeInViewport({ ratio: 1 });
  await expect(dialog.getByText('next incident')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(drawer).toBeVisible();

  // From the button: closed again, focus back on the button.
  const button = page.getByRole('button', { name: 'Shortcuts', exact: true });
  await button.click();
  await expect(dialog).toBeInViewport({ ratio: 1 });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();
});
