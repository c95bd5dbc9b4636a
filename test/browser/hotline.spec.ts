import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { startTwilioStub, type TwilioStub } from '../support/stubs/index.js';
import { apiAs, expect, mapLoaded, pixelOf, signIn, SPOTS, test, waitForLive } from './driver.js';
import { BROWSER_TWILIO } from './playwright.config.js';

/** What playwright.config.ts gives the app: Twilio's REST API is a stub on PORT + 1, webhooks signed with this token. */
const TWILIO_TOKEN = BROWSER_TWILIO.authToken;
const OPERATOR_PHONE = '+13125550142';

/** Plays Twilio: a signed form post to a webhook of the app (an absolute URL it gave, or a path). */
async function twilioPosts(baseURL: string, urlOrPath: string, params: Record<string, string>): Promise<string> {
  const url = urlOrPath.startsWith('http') ? urlOrPath : baseURL + urlOrPath;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, url, params) },
    body: new URLSearchParams(params).toString(),
  });
  expect(res.status).toBe(200);
  return res.text();
}

const attribute = (twiml: string, tag: string, name: string) => new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`).exec(twiml)![1]!.replace(/&amp;/g, '&');

let stub: TwilioStub;
test.beforeAll(async () => {
  stub = await startTwilioStub(BROWSER_TWILIO);
});
test.afterAll(() => stub.close());

test('an operator sees a ringing call, answers it, and logs the sighting from it', async ({ page, baseURL }) => {
  const dispatcher = await apiAs(baseURL!, 'dispatcher');
  expect((await dispatcher.call('PUT', '/api/hotline/operators/me', { phone: OPERATOR_PHONE, languages: ['en', 'es'], fallback: true })).status).toBe(200);
  await signIn(page, 'dispatcher');
  await mapLoaded(page);
  await waitForLive(page);

  // A caller dials the hotline and picks Spanish; nobody is on shift, so the fallback group (this operator) rings.
  const call = { CallSid: `CA${randomBytes(16).toString('hex')}`, From: '+13125559876', To: '+15550001000' };
  const menu = await twilioPosts(baseURL!, '/api/webhooks/twilio/voice', call);
  await twilioPosts(baseURL!, attribute(menu, 'Gather', 'action'), { ...call, Digits: '2' });
  const card = page.getByTestId('hotline-call').first();
  await expect(card).toHaveAttribute('data-state', 'ringing');
  await expect(card).toContainText(/Spanish|español/i);
  await expect(card).not.toContainText('9876');

  // The operator's phone: the "press 1" screen, then 1.
  const leg = await stub.calls.next((c) => c.method === 'POST' && c.params.To === OPERATOR_PHONE);
  const screen = await twilioPosts(baseURL!, String(leg.params.Url), { CallSid: `CA${randomBytes(16).toString('hex')}` });
  await twilioPosts(baseURL!, attribute(screen, 'Gather', 'action'), { Digits: '1' });
  await expect(card).toHaveAttribute('data-state', 'answered');
  await expect(card.getByTestId('answered-by')).toHaveText('You answered this call');

  // From the call to the SALUTE form, linked to it: click the place, say what, Enter.
  await card.getByTestId('log-from-call').click();
  await expect(page.getByTestId('call-pending')).toBeVisible();
  await page.evaluate((c) => (window as any).centinelaMap.jumpTo({ center: c, zoom: 15 }), SPOTS.hotline);
  const { x, y } = await pixelOf(page, SPOTS.hotline);
  await page.mouse.click(x, y);
  const form = page.getByTestId('sighting-form');
  await expect(form.getByTestId('form-call')).toContainText(/Spanish|español/i);
  await form.getByLabel(/location/i).fill('Outside the laundromat, two vans');
  await form.getByLabel(/^activity/i).selectOption('questioning');
  await form.getByLabel(/location/i).press('Enter');
  await expect(page.getByTestId('incident-drawer')).toBeVisible();
  await expect(page.getByTestId('incident-drawer').getByTestId('timeline')).toContainText(/Hotline call/i);

  const calls = (await dispatcher.call('GET', '/api/hotline/calls')).body as {
    id: string;
    sightingId: string | null;
    answeredBy: { username: string } | null;
  }[];
  const logged = calls.find((c) => c.sightingId !== null && c.answeredBy !== null);
  expect(logged).toBeDefined();
  await expect(card.getByTestId('log-from-call')).toHaveCount(0);
});
