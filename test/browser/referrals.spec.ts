import { apiAs, expect, signIn, SPOTS, test, waitForLive } from './driver.js';

test('a dispatcher finds a referral from the incident drawer and it schedules the follow-up', async ({ page, baseURL }) => {
  const dispatcher = await apiAs(baseURL!, 'dispatcher');
  const { sighting } = await dispatcher.logSighting(SPOTS.referral, { channel: 'sms' });
  await signIn(page, 'dispatcher');
  await waitForLive(page);
  await page.getByTestId(`incident-${sighting.incidentId}`).click();
  const drawer = page.getByTestId('incident-drawer');
  await drawer.getByTestId('find-referral').click();
  await drawer.getByTestId('referral-need').selectOption('detained_family');
  // The demo law office serves this zone; ranked first as the network's go-to.
  const first = drawer.getByTestId('referral-result').first();
  await expect(first).toContainText('Defensa Legal del Barrio');
  await expect(first.getByTestId('referral-reasons')).toContainText('Go-to');
  await first.getByTestId('refer').click();
  await expect(drawer.getByTestId('incident-referral')).toContainText('Defensa Legal del Barrio');
  await expect(drawer.getByTestId('timeline')).toContainText('referred to Defensa Legal del Barrio');
  await expect(drawer.getByTestId('follow-ups')).toContainText('Check the family reached them');
});

test('a coordinator edits a provider and marks it as closed for now', async ({ page }) => {
  await signIn(page, 'coordinator');
  await page.goto('/referrals');
  await page.getByPlaceholder('Words').fill('Casa Segura');
  const card = page.getByTestId('referral-result');
  await expect(card).toHaveCount(1);
  await card.getByTestId('edit-service').click();
  const editor = page.getByTestId('service-editor');
  await editor.getByTestId('service-status').selectOption('temporarily closed');
  await editor.getByPlaceholder('Service name').fill('Emergency housing line');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toBeHidden();
  // Closed services leave the search (unless asked for), so the card is gone.
  await expect(page.getByTestId('referral-result')).toHaveCount(0);
});

test('a coordinator sees the network’s numbers and prints the daily log', async ({ page }) => {
  await signIn(page, 'coordinator');
  await page.goto('/metrics');
  await expect(page.getByTestId('metrics-totals')).toContainText('Incidents');
  for (const chart of ['chart-hours', 'chart-response', 'chart-outcomes', 'chart-weekly']) {
    const box = await page.getByTestId(chart).boundingBox();
    expect([chart, (box?.width ?? 0) > 100, (box?.height ?? 0) > 100]).toEqual([chart, true, true]);
  }
  // A canvas is only a picture: its numbers are there as a table too, folded under it.
  const outcomes = page.getByTestId('chart-outcomes-table');
  await expect(outcomes.locator('table')).toBeHidden();
  await outcomes.getByText('Show as a table').click();
  await expect(outcomes.locator('tbody th')).toHaveText(['Confirmed', 'Other agency', 'False alarm', 'Unverifiable', 'No verdict']);
  await expect(page.getByTestId('chart-hours-table').locator('tbody tr')).toHaveCount(168);
  await expect(page.getByTestId('chart-weekly-table').locator('thead th')).toHaveText(['Incidents', 'On scene in time (%)']);
  await expect(page.getByTestId('chart-response-table')).toHaveCount(0); // its numbers are in the table beside it
  await page.getByRole('link', { name: 'Daily log' }).click();
  await expect(page.getByTestId('daily-log')).toContainText('Call or report');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/^centinela-log-\d{4}-\d{2}-\d{2}\.csv$/);
});

test.describe('on a phone set to Arabic', () => {
  test.use({ locale: 'ar-EG', viewport: { width: 390, height: 844 } });

  test('the public report form opens in Arabic, laid out right to left', async ({ page }, testInfo) => {
    await page.goto('/report');
    await expect(page.getByRole('heading', { name: 'أبلغ عمّا تراه' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    // Mirrored: the brand sits at the right edge, the language switch at the left; the heading hugs the right.
    const brand = (await page.locator('.topbar .brand').boundingBox())!;
    const language = (await page.getByTestId('language-switch').boundingBox())!;
    const heading = (await page.getByRole('heading', { level: 1 }).boundingBox())!;
    expect(brand.x).toBeGreaterThan(language.x);
    expect(brand.x + brand.width).toBeGreaterThan(390 - 40);
    expect(heading.x + heading.width).toBeGreaterThan(390 - 40);
    await expect(page.getByText('قبل 5 دقائق')).toBeVisible(); // Arabic plural: "few" for 3–10
    await page.screenshot({ path: testInfo.outputPath('report-ar.png'), fullPage: true });
  });
});

test.describe('on phones set to other languages', () => {
  for (const [locale, heading] of [
    ['vi-VN', 'Báo cáo điều bạn thấy'],
    ['pt-BR', 'Relate o que você vê'],
    ['zh-CN', '报告你看到的情况'],
    ['fil-PH', 'I-report ang nakikita mo'],
    ['ht-HT', 'Rapòte sa w wè'],
  ] as const) {
    test.describe(locale, () => {
      test.use({ locale });
      test(`the public report form opens in the phone’s language (${locale})`, async ({ page }) => {
        await page.goto('/report');
        await expect(page.getByRole('heading', { name: heading })).toBeVisible();
        await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
      });
    });
  }
});

test.describe('importing a referral directory, in Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('a file that is not JSON is said so in Spanish, and a refused one after a Spanish lead-in', async ({ page }) => {
    await signIn(page, 'coordinator');
    await page.goto('/referrals');
    const file = page.getByTestId('import-file');
    const message = page.getByTestId('import-message');
    await file.setInputFiles({ name: 'directorio.json', mimeType: 'application/json', buffer: Buffer.from('this is not json') });
    await expect(message).toHaveText(/^Este archivo no es JSON, así que no se pudo importar\./);
    await expect(message).not.toContainText('Unexpected token');
    await expect(message).toHaveAttribute('role', 'status');

    await file.setInputFiles({ name: 'directorio.json', mimeType: 'application/json', buffer: Buffer.from('{"services": 3}') });
    await expect(message).toHaveText(/^No se pudo importar el archivo: \S/);
  });
});
