import { apiAs, expect, signIn, test, town } from './driver.js';

/** Away from every other spec's corners (Zona Industrial). */
const SPOT = town(300, -1700);

test('a follow-up names its incident and opens it on the live map, and "Done" can be undone', async ({ page, baseURL }) => {
  const dispatcher = await apiAs(baseURL!, 'dispatcher');
  const { sighting } = await dispatcher.logSighting(SPOT, { activity: 'checkpoint', locationDescription: 'Industrial & 28th, follow-up' });
  const created = await dispatcher.call('POST', `/api/incidents/${sighting.incidentId}/follow-ups`, {
    kind: 'check_in',
    note: 'Call the neighbour back',
    dueAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;

  await signIn(page, 'dispatcher');
  await page.goto('/follow-ups');
  const table = page.getByTestId('follow-ups-due');
  await expect(table.getByRole('columnheader')).toHaveText(['Follow-up', 'Note', 'Incident', 'Assigned to', 'Due', 'Action']);
  const row = page.getByTestId(`follow-up-${id}`);
  await expect(row.getByTestId('follow-up-incident')).toHaveText('Checkpoint · Industrial & 28th, follow-up');

  // Done, then undone: the row comes back.
  await row.getByRole('button', { name: 'Done' }).click();
  await expect(row).toHaveCount(0);
  const notice = page.getByTestId('follow-up-done-notice');
  await expect(notice).toContainText('Marked done: Check in.');
  await expect(notice.getByRole('button', { name: 'Undo' })).toBeFocused();
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(row).toBeVisible();
  expect(
    ((await dispatcher.call('GET', '/api/follow-ups?hours=72&mine=false')).body as { id: string; doneAt: string | null }[]).find((f) => f.id === id)?.doneAt,
  ).toBeNull();

  // The incident link opens the incident's drawer on the live map.
  await row.getByTestId('follow-up-incident').click();
  await expect(page).toHaveURL(/\/dispatch$/);
  await expect(page.getByTestId('incident-drawer')).toContainText('Industrial & 28th, follow-up');
});
