import { apiAs, expect, mapLoaded, pixelOf, signIn, SPOTS, test, waitForLive } from './driver.js';

/**
 * The dispatcher's flow from a ringing phone to verifiers pinged, counting what the dispatcher has to do.
 * Hotline calls dispatch verifiers automatically, so logging the call is the whole job: click where, say
 * what, press Enter. Then, by keyboard: take the incident (m) and confirm it (c, Enter).
 */
test('from a ringing phone to verifiers pinged in four interactions, then claim and confirm by keyboard', async ({ page }) => {
  await signIn(page, 'dispatcher');
  await mapLoaded(page);
  await waitForLive(page);
  const spot = SPOTS.triage;
  await page.evaluate((c) => (window as any).centinelaMap.jumpTo({ center: c, zoom: 15 }), spot);

  let interactions = 0;
  const started = Date.now();
  // 1. The caller says where: click it on the map.
  const { x, y } = await pixelOf(page, spot);
  await page.mouse.click(x, y);
  interactions++;
  // 2. What the caller says about the place.
  const form = page.getByTestId('sighting-form');
  await form.getByLabel(/location/i).fill('Ashland & 18th, in front of the clinic');
  interactions++;
  // 3. What they are doing.
  await form.getByLabel(/^activity/i).selectOption('detaining');
  interactions++;
  // 4. Enter: logged as a hotline call, which dispatches two verifiers at once.
  await form.getByLabel(/location/i).press('Enter');
  interactions++;

  const drawer = page.getByTestId('incident-drawer');
  await expect(drawer.getByTestId('ping-roster').first()).toContainText('Colibrí');
  const elapsed = Date.now() - started;
  test.info().annotations.push({ type: 'dispatcher-flow', description: `${interactions} interactions, ${elapsed} ms in the browser` });
  console.log(`dispatcher flow: ${interactions} interactions from the call to verifiers pinged, ${elapsed} ms of browser time`);
  expect(interactions).toBeLessThanOrEqual(4);
  await expect(drawer.getByTestId('incident-status')).toHaveText(/Verifying/);

  // Take it, then confirm it: m; c, a reason, Enter. No verifier is on scene yet, so no reason is put in the
  // dispatcher's mouth: the field starts empty.
  await page.locator('body').press('m');
  await expect(drawer.getByTestId('claim-button')).toHaveText('Release');
  await page.locator('body').press('c');
  const why = page.getByTestId('status-form').getByLabel(/why/i);
  await expect(why).toHaveValue('');
  await why.fill('Caller sent a photo: vests say ICE');
  await why.press('Enter');
  await expect(drawer.getByTestId('incident-status')).toHaveText('Confirmed');
  await expect(drawer.getByTestId('timeline')).toContainText('Caller sent a photo: vests say ICE');
});

test('another dispatcher’s screen follows status changes and claims live, without reload', async ({ newContext, baseURL }) => {
  const [one, two] = [await (await newContext()).newPage(), await (await newContext()).newPage()];
  for (const page of [one, two]) {
    await signIn(page, 'dispatcher');
    await mapLoaded(page);
    await waitForLive(page);
  }
  const { sighting } = await (await apiAs(baseURL!, 'dispatcher')).logSighting(SPOTS.twoScreens, { channel: 'sms', locationDescription: 'Two screens corner' });
  for (const page of [one, two]) await page.getByTestId(`incident-${sighting.incidentId}`).click();
  const drawerTwo = two.getByTestId('incident-drawer');
  const before = Number(await drawerTwo.getAttribute('data-version'));

  await one.getByTestId('status-verifying').click();
  await one.getByTestId('status-form').getByLabel(/why/i).fill('calling the caller back');
  await one
    .getByTestId('status-form')
    .getByRole('button', { name: /set to/i })
    .click();
  await expect(drawerTwo.getByTestId('incident-status')).toHaveText('Verifying');
  expect(Number(await drawerTwo.getAttribute('data-version'))).toBeGreaterThan(before);
  await expect(drawerTwo.getByTestId('timeline')).toContainText('calling the caller back');

  await one.getByTestId('claim-button').click();
  await expect(two.getByTestId(`incident-${sighting.incidentId}`).getByTestId('claim')).toBeVisible();
});
