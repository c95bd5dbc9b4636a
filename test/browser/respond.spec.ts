import { apiAs, expect, mapLoaded, signIn, SPOTS, test, waitForLive } from './driver.js';

test('a responder accepts a ping on the phone and the dispatcher sees it', async ({ newContext, baseURL }) => {
  const dispatcherPage = await (await newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const phone = await (await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();

  await signIn(phone, 'responder');
  await waitForLive(phone);
  await signIn(dispatcherPage, 'dispatcher');
  await mapLoaded(dispatcherPage);
  await waitForLive(dispatcherPage);

  const { sighting } = await (
    await apiAs(baseURL!, 'dispatcher')
  ).logSighting(SPOTS.respond, {
    activity: 'door_knock',
    agency: 'ice',
    locationDescription: '1800 S Racine Ave',
  });

  const card = phone.locator('li.ping', { hasText: '1800 S Racine Ave' });
  await expect(card).toBeVisible();
  await expect(card).toHaveAttribute('data-status', 'pending');
  await card.getByRole('button', { name: 'Accept' }).click();
  await expect(card).toHaveAttribute('data-status', 'accepted');

  await dispatcherPage.getByTestId(`incident-${sighting.incidentId}`).click();
  const roster = dispatcherPage.getByTestId('ping-roster');
  await expect(roster.locator('li', { hasText: 'Colibrí' })).toHaveAttribute('data-status', 'accepted');
  await expect(dispatcherPage.getByTestId(`incident-${sighting.incidentId}`)).toContainText('1 going');

  await card.getByRole('button', { name: 'On scene' }).click();
  await expect(roster.locator('li', { hasText: 'Colibrí' })).toHaveAttribute('data-status', 'on_scene');
});
