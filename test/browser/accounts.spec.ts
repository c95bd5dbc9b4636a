import { apiAs, expect, signIn, test, waitForLive } from './driver.js';

test('a coordinator deletes the account of a responder who left: gone from the roster, signed out, and unable to sign in', async ({ page, baseURL }) => {
  await signIn(page, 'coordinator');
  await page.goto('/responders');
  await waitForLive(page);
  // A responder who joins while the page is open appears on it live.
  const coordinator = await apiAs(baseURL!, 'coordinator');
  const alias = `Garza ${Math.random().toString(36).slice(2, 7)}`;
  const invite = await coordinator.call('POST', '/api/invites', { alias });
  expect(invite.status).toBe(201);
  const credentials = { username: `garza-${Date.now()}`, password: 'a-long-secret-passphrase' };
  expect((await fetch(`${baseURL}/api/invites/${invite.body.token}/accept`, post(credentials))).status).toBe(201);
  const row = page.getByRole('row', { name: new RegExp(alias) });
  await expect(row).toBeVisible();

  await row.getByRole('button', { name: alias }).click();
  await page.getByTestId('delete-account-open').click();
  await expect(page.getByRole('alertdialog')).toContainText(`Delete ${alias}'s account for good?`);
  await page.getByTestId('delete-account-confirm').click();
  await expect(page.getByTestId('account-notice')).toHaveText(`${alias}'s account was deleted.`);
  await expect(row).toHaveCount(0);
  expect((await fetch(`${baseURL}/api/auth/login`, post(credentials))).status).toBe(401);
  // Still gone after a reload (not just hidden on this screen).
  await page.reload();
  await waitForLive(page);
  await expect(page.getByRole('row', { name: new RegExp(alias) })).toHaveCount(0);
});

test("lists dispatchers and coordinators with their access, and the signed-in coordinator can't act on themselves", async ({ page }) => {
  await signIn(page, 'coordinator');
  await page.goto('/responders');
  const staff = page.getByTestId('staff-accounts');
  await expect(staff.getByRole('row', { name: /Dispatcher/ }).first()).toBeVisible();
  const self = staff.getByRole('row', { name: /\(you\)/ });
  await expect(self).toContainText('Coordinator');
  await expect(self.getByRole('button')).toHaveCount(0);
});

test("a phone whose access a coordinator ends leaves the responder's screen at once, without a reload", async ({ page, baseURL }) => {
  const coordinator = await apiAs(baseURL!, 'coordinator');
  const alias = `Tordo ${Math.random().toString(36).slice(2, 7)}`;
  const invite = await coordinator.call('POST', '/api/invites', { alias });
  const credentials = { username: `tordo-${Date.now()}`, password: 'a-long-secret-passphrase' };
  expect((await fetch(`${baseURL}/api/invites/${invite.body.token}/accept`, post(credentials))).status).toBe(201);
  const login = await (await fetch(`${baseURL}/api/auth/login`, post(credentials))).json();

  await page.goto('/login');
  await page.getByLabel(/username/i).fill(credentials.username);
  await page.getByLabel(/password/i).fill(credentials.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/respond$/);
  await waitForLive(page);

  // The seized phone: its owner's access is ended from the coordinator's screen.
  expect((await coordinator.call('POST', `/api/users/${login.user.responderId}/revoke`)).status).toBe(200);
  await expect(page).toHaveURL(/\/login/, { timeout: 15_000 });
  expect(await page.evaluate(() => localStorage.getItem('centinela.session'))).toBeNull();
});

const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
