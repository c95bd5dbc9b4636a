import { startTwilioStub, type TwilioStub } from '../support/stubs/index.js';
import { apiAs, expect, mapLoaded, pixelOf, signIn, SPOTS, test, waitForLive } from './driver.js';
import { BROWSER_TWILIO } from './playwright.config.js';

test.describe('message threads', () => {
  let twilio: TwilioStub;
  test.beforeAll(async ({ baseURL }) => {
    twilio = await startTwilioStub(BROWSER_TWILIO);
    twilio.attach({ baseUrl: () => baseURL!, publicUrl: BROWSER_TWILIO.publicUrl });
  });
  test.afterAll(() => twilio.close());

  test('a dispatcher answers an SMS thread and turns it into a sighting', async ({ page, baseURL }) => {
    await signIn(page, 'dispatcher');
    await mapLoaded(page);
    await waitForLive(page);

    const from = '+15550109999';
    expect((await twilio.inbound({ from, body: 'Migra van parked by the laundromat' })).status).toBe(200);
    await twilio.sent.next((s) => s.to === from); // the automatic first reply
    const row = page.getByTestId('thread-row').filter({ hasText: 'Migra van parked by the laundromat' });
    await expect(row).toBeVisible();
    await row.click();

    const thread = page.getByTestId('thread');
    await expect(thread.getByTestId('message-in')).toContainText('Migra van parked by the laundromat');
    await thread.getByTestId('thread-reply').fill('Thank you. How many agents?');
    await thread.getByRole('button', { name: 'Send' }).click();
    const reply = await twilio.sent.next((s) => s.to === from && s.body === 'Thank you. How many agents?');
    const mine = thread.getByTestId('message-out').filter({ hasText: 'Thank you. How many agents?' });
    await expect(mine.getByTestId('delivery-status')).toHaveText('queued');
    expect((await twilio.status(reply, 'delivered')).status).toBe(204);
    await expect(mine.getByTestId('delivery-status')).toHaveText('delivered');

    await twilio.inbound({ from, body: 'Three agents' });
    await expect(thread.getByTestId('message-in').filter({ hasText: 'Three agents' })).toBeVisible();

    await thread.getByTestId('turn-into-sighting').click();
    await expect(page.getByTestId('place-thread')).toBeVisible();
    await page.evaluate((c) => (window as any).centinelaMap.jumpTo({ center: c, zoom: 15 }), SPOTS.thread);
    const { x, y } = await pixelOf(page, SPOTS.thread);
    await page.mouse.click(x, y);
    const form = page.getByTestId('sighting-form');
    await expect(form.getByTestId('from-thread')).toBeVisible();
    await form.locator('input[name="agents"]').fill('3');
    await form.getByRole('button', { name: 'Log sighting' }).click();
    await expect(form).toBeHidden();

    const dispatcher = await apiAs(baseURL!, 'dispatcher');
    const threads = (await dispatcher.call('GET', '/api/threads')).body as {
      id: string;
      preview: string;
      sightingId: string | null;
      incidentId: string | null;
    }[];
    const ours = threads.find((t) => t.preview === 'Three agents')!;
    expect(ours.sightingId).not.toBeNull();
    const sighting = (await dispatcher.call('GET', `/api/sightings/${ours.sightingId}`)).body as { sighting: { channel: string; size: { agents: number } } };
    expect(sighting.sighting).toMatchObject({ channel: 'sms', size: { agents: 3 } });
    await expect(page.getByTestId(`incident-${ours.incidentId}`)).toBeVisible();
  });
});
