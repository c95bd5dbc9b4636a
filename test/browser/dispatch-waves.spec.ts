import { apiAs, CENTRO, demoAccount, expect, mapLoaded, renderedIds, signIn, SPOTS, test, town, waitForLive } from './driver.js';

test('a responder accepts on the phone with an ETA; the dispatcher sees the ETA, the wave and the clock', async ({ newContext, baseURL }) => {
  const desk = await (await newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  const phone = await (await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await signIn(phone, 'responder');
  await waitForLive(phone);
  await signIn(desk, 'dispatcher');
  await mapLoaded(desk);
  await waitForLive(desk);

  const { sighting } = await (
    await apiAs(baseURL!, 'dispatcher')
  ).logSighting(SPOTS.waves, { locationDescription: 'Blue Island & 18th', activity: 'questioning' });
  await desk.getByTestId(`incident-${sighting.incidentId}`).click();
  const details = desk.getByTestId('incident-drawer');
  await expect(details.getByTestId('response-clock')).toHaveAttribute('data-state', 'ok');
  await expect(details.getByTestId('dispatch-wave').first()).toContainText('wave 1');

  const card = phone.locator('li.ping', { hasText: 'Blue Island & 18th' });
  await expect(card).toContainText('Asked as: Verifier');
  await card.getByRole('button', { name: '10 min' }).click();
  await expect(card).toHaveAttribute('data-status', 'accepted');
  await expect(card).toContainText(/you arrive in (9|10) min/);

  const me = details.getByTestId('ping-roster').locator('li', { hasText: 'Colibrí' });
  await expect(me).toHaveAttribute('data-status', 'accepted');
  await expect(me.getByTestId('roster-eta')).toHaveText(/arrives in (9|10) min/);
  await expect(desk.getByTestId(`incident-${sighting.incidentId}`)).toContainText('1 going');
});

test('a coordinator sees coverage shading change as a responder shares where they are', async ({ page, baseURL }) => {
  await signIn(page, 'coordinator');
  await mapLoaded(page);
  const centro = page.getByTestId('zone-Centro');
  await expect(centro).toHaveAttribute('data-coverage', '0');
  // Coverage explains itself.
  await expect(centro.getByTestId('coverage-why')).toHaveText('0 % reachable: nobody on duty shares a location');
  const coverageOf = (name: string) =>
    page.evaluate(
      (n) => (window as any).centinelaMap.querySourceFeatures('zones').find((f: any) => f.properties.name === n)?.properties.coverage as number,
      name,
    );
  expect(await coverageOf('Centro')).toBe(0);

  // The demo responder Colibrí is on duty in Centro; their phone shares a location in the middle of it.
  const login = await fetch(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demoAccount('responder')),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const shared = await fetch(`${baseURL}/api/responders/me/location`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ coordinates: CENTRO }),
  });
  expect(shared.status).toBe(200);

  // Walking 7 minutes reaches ≈ 450 m around them: about a fifth of Centro.
  await expect.poll(() => coverageOf('Centro'), { timeout: 10_000 }).toBeGreaterThan(0.05);
  await expect(centro).not.toHaveAttribute('data-coverage', '0');
  await expect(centro.getByTestId('coverage-why')).toHaveText(/^\d+ % reachable in time \(1 responder inside\)$/);
  expect(await renderedIds(page, 'zones-fill')).toContain(
    await page.evaluate(() => (window as any).centinelaMap.querySourceFeatures('zones').find((f: any) => f.properties.name === 'Centro').properties.id),
  );
  // A zone far from anyone stays uncovered and outlined in red.
  expect(await coverageOf('Puerto Viejo')).toBe(0);
});

test('the roster page follows where a responder is, live: the zone they share a location in, outside zones, or none', async ({ page, baseURL }) => {
  await signIn(page, 'coordinator');
  await page.goto('/responders');
  await waitForLive(page);
  const where = page
    .getByRole('row', { name: /Colibrí/ })
    .locator('td')
    .last();
  const phone = await apiAs(baseURL!, 'responder');

  expect((await phone.call('PUT', '/api/responders/me/location', { coordinates: CENTRO })).status).toBe(200);
  await expect(where).toHaveText('Centro');
  // Far from every zone (about 20 km away).
  expect((await phone.call('PUT', '/api/responders/me/location', { coordinates: town(20_000, 20_000) })).status).toBe(200);
  await expect(where).toHaveText('outside zones');
  expect((await phone.call('DELETE', '/api/responders/me/location')).status).toBe(204);
  await expect(where).toHaveText('—');
});
