import os from 'node:os';
import path from 'node:path';
import { type Page } from '@playwright/test';
import { demoAccount, expect, signIn, test } from './driver.js';

const shots = process.env.SHIFTS_SCREENSHOTS ?? path.join(os.tmpdir(), 'centinela-shifts-shots');

/** The shift card of a day column (ISO weekday) showing these hours. */
const card = (page: Page, day: number, hours: string) =>
  page
    .getByTestId('week')
    .locator('section')
    .nth(day - 1)
    .getByTestId('shift-card')
    .filter({ hasText: hours });

test('a coordinator builds a week; an operator signs up for an open shift', async ({ page }) => {
  await signIn(page, 'coordinator');
  await page.getByRole('link', { name: 'Shifts' }).click();
  await expect(page).toHaveURL(/\/shifts$/);
  await page.getByTestId('toggle-shift-form').click();
  const form = page.getByTestId('shift-form');
  // Two Sunday shifts: one the coordinator fills, one left open for an operator.
  for (const [start, end] of [
    ['03:10', '04:10'],
    ['04:10', '05:10'],
  ] as const) {
    await form.locator('select[name=weekday]').selectOption('7');
    await form.locator('input[name=start]').fill(start);
    await form.locator('input[name=end]').fill(end);
    await form.getByTestId('add-shift').click();
    await expect(card(page, 7, `${start}–${end}`)).toBeVisible();
  }
  const first = card(page, 7, '03:10–04:10');
  await first.getByTestId('assign').selectOption({ label: 'coordinator' });
  await expect(first).toContainText('1 of 1');
  await expect(card(page, 7, '04:10–05:10')).toContainText('1 place open');
  await expect(page.getByTestId('gaps')).toContainText('04:00–05:00'); // the open shift's hours are a gap
  // The day's badge counts hours short (each hour once, whatever the roles), and says so.
  await expect(page.getByTestId('week').locator('section').nth(6).getByTestId('gap-badge')).toHaveText(/^\d+ hours? uncovered$/);
  await page.screenshot({ path: path.join(shots, 'coordinator-desktop.png'), fullPage: true });

  await page.getByRole('button', { name: /sign out/i }).click();
  await expect(page.getByLabel(/username|usuario/i)).toBeVisible(); // signed out: the sign-in page, afresh
  await signIn(page, 'dispatcher');
  await page.goto('/shifts');
  const open = card(page, 7, '04:10–05:10');
  await open.getByTestId('sign-up').click();
  await expect(open).toContainText(demoAccount('dispatcher').username);
  await expect(open).toContainText('1 of 1');
  await expect(open.getByTestId('sign-up')).toHaveCount(0);
  // The filled shift offers no sign-up.
  await expect(card(page, 7, '03:10–04:10').getByTestId('sign-up')).toHaveCount(0);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  for (const locale of ['en-US', 'es-MX', 'ar-EG']) {
    test(`the week reads one day under another (${locale})`, async ({ newContext }) => {
      const context = await newContext({ locale, viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto('/login');
      await page.locator('input').first().fill(demoAccount('dispatcher').username);
      await page.locator('input[type=password]').fill(demoAccount('dispatcher').password);
      await page.locator('button[type=submit]').click();
      await expect(page).toHaveURL(/\/dispatch$/);
      await page.goto('/shifts');
      const days = page.getByTestId('week').locator('section');
      await expect(days).toHaveCount(7);
      const [monday, tuesday] = [await days.nth(0).boundingBox(), await days.nth(1).boundingBox()];
      expect(tuesday!.y).toBeGreaterThan(monday!.y + monday!.height - 1);
      expect(monday!.width).toBeLessThanOrEqual(390);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scroll).toBeLessThanOrEqual(390);
      await page.screenshot({ path: path.join(shots, `phone-${locale}.png`), fullPage: false });
    });
  }
});
