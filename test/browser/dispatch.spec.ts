import { apiAs, CENTRO, expect, mapLoaded, pixelOf, signIn, SPOTS, test, waitForLive } from './driver.js';

test.describe('dispatcher map', () => {
  test('shows a sighting created through the API without reload', async ({ page, baseURL }) => {
    await signIn(page, 'dispatcher');
    await mapLoaded(page);
    await waitForLive(page);
    // An open map at rest, as a dispatcher's screen is between calls: the basemap tiles of the new view are loaded
    // and parsed, so the measurement is not of the jump (the tile parsing shares MapLibre's workers with the dots).
    await page.evaluate(
      (c) =>
        new Promise<void>((resolve) => {
          const map = (window as any).centinelaMap;
          map.once('idle', () => resolve());
          map.jumpTo({ center: c, zoom: 13 });
        }),
      CENTRO,
    );
    const navigations: string[] = [];
    page.on('framenavigated', (f) => f === page.mainFrame() && navigations.push(f.url()));

    // The page notes the moment a new dot is first drawn (on MapLibre's render event). How fast (the 1 s target) is
    // the benchmark's to judge (`npm run bench`, measurement 9c), not a test's on a shared machine: this logs it.
    const dispatcher = await apiAs(baseURL!, 'dispatcher');
    await page.evaluate(() => {
      (window as any).__drawn = new Promise<{ id: string; at: number }>((resolve, reject) => {
        const map = (window as any).centinelaMap;
        const ids = () => map.queryRenderedFeatures({ layers: ['sightings'] }).map((f: any) => String(f.properties.id)) as string[];
        const before = new Set(ids());
        const check = () => {
          const fresh = ids().find((id) => !before.has(id));
          if (!fresh) return;
          map.off('render', check);
          resolve({ id: fresh, at: Date.now() });
        };
        map.on('render', check);
        setTimeout(() => reject(new Error('no new sighting drawn within 5 s')), 5000);
      });
    });

    const sent = Date.now();
    const { sighting } = await dispatcher.logSighting(CENTRO, { activity: 'detaining', agency: 'ice' });
    const answered = Date.now();

    const { id, at } = await page.evaluate(() => (window as any).__drawn as Promise<{ id: string; at: number }>);
    expect(id).toBe(sighting.id);
    console.log(`sighting on the map: POST answered after ${answered - sent} ms, dot drawn after ${at - sent} ms`);
    await expect(page.getByTestId(`incident-${sighting.incidentId}`)).toBeVisible();
    await expect(page.getByTestId(`incident-${sighting.incidentId}`)).toHaveClass(/new/);
    expect(navigations).toEqual([]);
  });

  test('logs a sighting from a click on the map through the SALUTE form', async ({ page }) => {
    await signIn(page, 'dispatcher');
    await mapLoaded(page);
    await page.evaluate((c) => (window as any).centinelaMap.jumpTo({ center: c, zoom: 14 }), SPOTS.mapClick);
    const { x, y } = await pixelOf(page, SPOTS.mapClick);
    await page.mouse.click(x, y);

    const form = page.getByTestId('sighting-form');
    await form.getByLabel(/location/i).fill('Blue Island & 21st, heading north');
    await form.getByLabel(/^activity/i).selectOption('checkpoint');
    await form.getByLabel(/^agency/i).selectOption('cbp');
    await form.getByLabel(/^agents/i).fill('3');
    await form.getByRole('button', { name: /log sighting/i }).click();

    const details = page.getByTestId('incident-drawer');
    await expect(details).toContainText('Checkpoint · CBP');
    await expect(details).toContainText('Blue Island & 21st, heading north');
    await expect(details).toContainText('3 agents');
    await expect(page.getByTestId('ping-roster')).toContainText('Colibrí');
    // Logged on this screen: not news here, however the socket's message and the answer race.
    await waitForLive(page);
    await expect(page.locator('ol.queue [data-testid^="incident-"]').filter({ hasText: 'Blue Island & 21st' }).first()).toBeVisible();
    await expect(page).toHaveTitle('Live map · Centinela');
    await expect(page.getByText(/\d+ new reports?/)).toHaveCount(0);
  });

  test('Esc in the SALUTE form asks before throwing away what was entered, and closes an untouched form', async ({ page }) => {
    await signIn(page, 'dispatcher');
    await mapLoaded(page);
    await page.evaluate((c) => (window as any).centinelaMap.jumpTo({ center: c, zoom: 14 }), SPOTS.unsent);
    const { x, y } = await pixelOf(page, SPOTS.unsent);
    await page.mouse.click(x, y);

    const form = page.getByTestId('sighting-form');
    const uniform = form.getByLabel('Unit / uniform');
    await uniform.fill('green vests, no badges');
    await uniform.press('Escape');
    // Nothing is lost: the form asks, with the safe answer focused.
    await expect(uniform).toHaveValue('green vests, no badges');
    const question = page.getByTestId('discard-sighting');
    await expect(question).toHaveAttribute('role', 'alertdialog');
    await expect(question.getByRole('button', { name: 'Keep editing' })).toBeFocused();
    // A second Esc is "keep editing": back to the field, text intact.
    await page.keyboard.press('Escape');
    await expect(question).toHaveCount(0);
    await expect(uniform).toBeFocused();
    await expect(uniform).toHaveValue('green vests, no badges');
    // Esc from outside the form (the page's shortcut) asks too.
    await page.getByRole('heading', { name: 'New sighting' }).click();
    await page.keyboard.press('Escape');
    await expect(question).toBeVisible();
    await question.getByRole('button', { name: 'Discard' }).click();
    await expect(form).toHaveCount(0);

    // Nothing entered: Esc closes at once.
    await page.mouse.click(x, y);
    await expect(form).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(form).toHaveCount(0);
  });

  test('counts an incident’s reports by channel in words that agree with the number', async ({ page, baseURL }) => {
    const dispatcher = await apiAs(baseURL!, 'dispatcher');
    const { sighting } = await dispatcher.logSighting(SPOTS.counted, { locationDescription: 'Two calls, one corner' });
    await dispatcher.logSighting(SPOTS.counted, { locationDescription: 'Two calls, one corner' });
    await signIn(page, 'dispatcher');
    await expect(page.getByTestId(`incident-${sighting.incidentId}`).getByTestId('sources')).toHaveText('2 reports (2 hotline calls)');
  });

  test('shows what callers typed as text in popups and panels, never as markup', async ({ page, baseURL }) => {
    const payload = '<img src=x onerror="window.__xss=1"><b>bold</b>';
    const { sighting } = await (await apiAs(baseURL!, 'dispatcher')).logSighting(CENTRO, { notes: payload, locationDescription: payload });
    await signIn(page, 'dispatcher');
    await mapLoaded(page);
    await page.getByTestId(`incident-${sighting.incidentId}`).click();

    const popup = page.locator('.maplibregl-popup-content');
    await expect(popup).toContainText(payload);
    await expect(popup.locator('img, b')).toHaveCount(0);
    await expect(page.getByTestId('incident-drawer')).toContainText(payload);
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  });
});
