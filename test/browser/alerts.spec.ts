import { type Page } from '@playwright/test';
import { PushReceiver } from '../support/push-receiver.js';
import { jpegWithGps } from '../support/photos.js';
import { apiAs, expect, signIn, test, town, waitForLive } from './driver.js';

/** A corner of La Vía, far from every other spec's spots (and the demo's sightings), so this incident is its own. */
const SPOT = town(-1300, -900);

/**
 * The browser stands in for the phone's push service with the local receiver: `pushManager.subscribe` hands back
 * a subscription of test/support/push-receiver.ts (a fresh P-256 key pair, an endpoint on 127.0.0.1), so the page's
 * own code path runs — permission, subscribe with the server's VAPID key, PUT to the API — and the app's `web-push`
 * encrypts for a key only the receiver holds.
 */
async function pushThroughReceiver(page: Page, receiver: PushReceiver): Promise<{ endpoint: () => string }> {
  let endpoint = '';
  await page.exposeFunction('__subscribeAtReceiver', (applicationServerKey: string) => {
    const subscription = receiver.subscribe({ applicationServerKey });
    endpoint = subscription.endpoint;
    return subscription;
  });
  await page.addInitScript(() => {
    const toBase64Url = (key: ArrayBuffer | Uint8Array) =>
      btoa(String.fromCharCode(...new Uint8Array(key instanceof Uint8Array ? key : new Uint8Array(key))))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
    let current: unknown = null;
    PushManager.prototype.getSubscription = () => Promise.resolve(current as PushSubscription | null);
    PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
      const json = await (window as any).__subscribeAtReceiver(toBase64Url(options!.applicationServerKey as Uint8Array));
      current = { endpoint: json.endpoint, toJSON: () => json, unsubscribe: () => Promise.resolve(((current = null), true)) };
      return current as PushSubscription;
    };
  });
  return { endpoint: () => endpoint };
}

const SPANISH = { language: 'es', title: 'Conozca sus derechos', text: 'No abra la puerta sin una orden judicial.' };

/**
 * A know-your-rights alert to La Vía (one browser subscribed there, in Spanish, at the receiver), written by the
 * dispatcher through the API and waiting for a second person's approval.
 */
async function askedToLaVia(baseURL: string, receiver: PushReceiver, variants: { language: string; title: string; text: string }[]) {
  const dispatcher = await apiAs(baseURL, 'dispatcher');
  const zone = ((await dispatcher.call('GET', '/api/alerts/subscriptions/areas')).body.areas as { id: string; name: string }[]).find(
    (a) => a.name === 'La Vía',
  )!;
  const { publicKey } = (await dispatcher.call('GET', '/api/alerts/subscriptions/web-push/key')).body;
  const subscription = receiver.subscribe({ applicationServerKey: publicKey });
  expect((await dispatcher.call('PUT', '/api/alerts/subscriptions/web-push', { subscription, zoneIds: [zone.id], language: 'es' })).status).toBe(204);
  const created = await dispatcher.call('POST', '/api/alerts', {
    type: 'know_your_rights',
    audience: { kind: 'zones', zoneIds: [zone.id] },
    channels: ['webpush'],
    variants,
  });
  expect(created.status).toBe(201);
  const id = created.body.alert.id as string;
  const asked = await dispatcher.call('POST', `/api/alerts/${id}/approval-request`, {});
  expect(asked.status).toBe(200);
  return { dispatcher, id, subscription, hash: asked.body.alert.approval.hash as string };
}

test('compose from a confirmed incident in two languages; a second person approves on another screen; the Web Push subscriber receives it', async ({
  newContext,
  baseURL,
}) => {
  const receiver = await PushReceiver.start();
  try {
    // A neighbour subscribes this browser to La Vía, in Spanish, on the public page (no account).
    const neighbourContext = await newContext({ permissions: ['notifications'] });
    const neighbour = await neighbourContext.newPage();
    const push = await pushThroughReceiver(neighbour, receiver);
    await neighbour.goto('/alerts');
    await neighbour.getByTestId('area-La Vía').check();
    await neighbour.getByTestId('subscribe-language').selectOption('es');
    await neighbour.getByTestId('subscribe').click();
    await expect(neighbour.getByTestId('subscribe-state')).toHaveAttribute('data-state', 'subscribed');

    // A call about agents at the corner, confirmed.
    const dispatcherApi = await apiAs(baseURL!, 'dispatcher');
    const { sighting } = await dispatcherApi.logSighting(SPOT, { activity: 'checkpoint', locationDescription: 'Calle Vía & 3rd' });
    const { body: view } = await dispatcherApi.call('GET', `/api/incidents/${sighting.incidentId}`);
    const confirmed = await dispatcherApi.call('POST', `/api/incidents/${sighting.incidentId}/status`, {
      status: 'confirmed',
      reason: 'verifier on scene',
      version: view.incident.version,
    });
    expect(confirmed.status).toBe(200);

    // The dispatcher composes from the incident drawer: English and Spanish side by side.
    const author = await (await newContext()).newPage();
    await signIn(author, 'dispatcher');
    await waitForLive(author);
    await author.getByTestId(`incident-${sighting.incidentId}`).click();
    await author.getByTestId('compose-alert').click();
    await expect(author).toHaveURL(new RegExp(`/alerts/compose\\?incident=${sighting.incidentId}`));
    await expect(author.getByTestId('variant-en')).toBeVisible();
    if (!(await author.getByTestId('variant-es').isVisible())) await author.getByTestId('add-language').selectOption('es');
    await author.getByTestId('title-en').fill('Checkpoint at Calle Vía');
    await author.getByTestId('text-en').fill('Verified: a checkpoint at Calle Vía & 3rd. Avoid the area.');
    await author.getByTestId('title-es').fill('Retén en Calle Vía');
    await author.getByTestId('text-es').fill('Verificado: retén en Calle Vía y 3ra. Eviten la zona. Tienen derecho a guardar silencio.');
    // "Vía": í is outside GSM-7, so the Spanish text goes as UCS-2, and the composer names the letter that did it.
    await expect(author.getByTestId('encoding-es')).toHaveText('UCS-2');
    await expect(author.getByTestId('ucs2-es')).toContainText('“í”');
    await expect(author.getByTestId('encoding-en')).toHaveText('UCS-2'); // "Vía" in the English text too
    await author.getByTestId('text-en').fill('Verified: a checkpoint at Calle Via & 3rd. Avoid the area. You have the right to remain silent.');
    await expect(author.getByTestId('encoding-en')).toHaveText('GSM-7');
    // One emoji forces UCS-2, and the composer names it.
    await author.getByTestId('text-en').press('End');
    await author.getByTestId('text-en').pressSequentially(' 🚨');
    await expect(author.getByTestId('ucs2-en')).toContainText('🚨');
    await author.getByTestId('text-en').fill('Verified: a checkpoint at Calle Via & 3rd. Avoid the area. You have the right to remain silent.');
    await expect(author.getByTestId('encoding-en')).toHaveText('GSM-7');
    await expect(author.getByTestId('channel-webpush')).toBeChecked();
    await expect(author.getByTestId('recipients-webpush-es')).toHaveAttribute('data-count', '1');
    // An image (a phone photo with its GPS position): the server strips it; the composer says which channels carry it.
    await author.getByTestId('image-file').setInputFiles({ name: 'checkpoint.jpg', mimeType: 'image/jpeg', buffer: await jpegWithGps() });
    await expect(author.getByTestId('image-picker').getByTestId('alert-image')).toBeVisible();
    await expect(author.getByTestId('image-channels')).toContainText('Web Push');
    await author.getByTestId('request-approval').click();
    await expect(author.getByTestId('waiting-second')).toBeVisible();
    await expect(author.getByTestId('approve')).toHaveCount(0); // never one's own

    // A coordinator, on another screen, sees it arrive live, sees exactly what goes out, and approves.
    const approver = await (await newContext()).newPage();
    await signIn(approver, 'coordinator');
    await approver.goto('/alerts/manage');
    await waitForLive(approver);
    const alertId = author.url().split('/').pop()!;
    await approver.getByTestId(`alert-${alertId}`).getByRole('link').click();
    await expect(approver.getByTestId('preview-webpush-es')).toHaveText(
      'Verificado: retén en Calle Vía y 3ra. Eviten la zona. Tienen derecho a guardar silencio.',
    );
    await expect(approver.getByTestId('preview-webpush').getByTestId('alert-image')).toBeVisible();
    await expect(approver.getByTestId('approval-countdown')).toHaveAttribute('data-seconds', /^[1-9]\d*$/);
    await approver.getByTestId('approve').click();

    // The neighbour's push service receives it, encrypted for that browser alone, in Spanish.
    const received = await receiver.next(push.endpoint(), 20_000);
    expect(received.json()).toMatchObject({
      kind: 'alert',
      alertId,
      title: 'Retén en Calle Vía',
      body: 'Verificado: retén en Calle Vía y 3ra. Eviten la zona. Tienen derecho a guardar silencio.',
      drill: false,
      image: expect.stringMatching(/^\/api\/alerts\/feeds\/images\/[0-9a-f-]{36}$/),
    });
    // The notification fetches the image from this server, with no session: it is public now that the alert went out.
    const image = await (await newContext()).request.get((received.json() as { image: string }).image);
    expect([image.status(), image.headers()['content-type']]).toEqual([200, 'image/jpeg']);
    // The author's screen follows, live.
    await expect(author.getByTestId('alert-page')).toHaveAttribute('data-status', /sending|sent/);
    await expect(author.getByTestId('deliveries')).toBeVisible();
    // One text of every language, English first, for the network's WhatsApp and Signal groups.
    await author.getByText('Text for WhatsApp and Signal groups').click();
    await expect(author.getByTestId('text-copy')).toHaveValue(
      /^Checkpoint at Calle Vía\nVerified: a checkpoint at Calle Via & 3rd\. .*\n\nRetén en Calle Vía\nVerificado: retén/,
    );
  } finally {
    await receiver.close();
  }
});

test('the public page says in its own language when sign-ups are rate-limited', async ({ newContext }) => {
  const receiver = await PushReceiver.start();
  try {
    const context = await newContext({ permissions: ['notifications'], locale: 'es-US' });
    const page = await context.newPage();
    await pushThroughReceiver(page, receiver);
    // The server's limit answers as it would after ALERT_SIGNUPS_PER_CLIENT sign-ups from this network.
    await page.route('**/api/alerts/subscriptions/web-push', (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({
            status: 429,
            contentType: 'application/json',
            body: JSON.stringify({ statusCode: 429, error: 'Too Many Requests', message: 'too many' }),
          })
        : route.continue(),
    );
    await page.goto('/alerts');
    await page.getByTestId('area-La Vía').check();
    await page.getByTestId('subscribe').click();
    await expect(page.getByTestId('subscribe-state')).toHaveAttribute('data-state', 'error');
    await expect(page.getByTestId('subscribe-state')).toContainText('Demasiadas suscripciones desde esta red');
  } finally {
    await receiver.close();
  }
});

test('a second person sends an alert back with a reason, which the author reads on their screen, in Spanish, as text', async ({ newContext, baseURL }) => {
  const receiver = await PushReceiver.start();
  try {
    const { id, subscription } = await askedToLaVia(baseURL!, receiver, [SPANISH]);

    // The author waits on their screen; the coordinator, on another, sends it back saying why.
    const author = await (await newContext({ locale: 'es-US' })).newPage();
    await signIn(author, 'dispatcher');
    await author.goto(`/alerts/manage/${id}`);
    await expect(author.getByTestId('waiting-second')).toBeVisible();
    const approver = await (await newContext({ locale: 'es-US' })).newPage();
    await signIn(approver, 'coordinator');
    await approver.goto(`/alerts/manage/${id}`);
    await expect(approver.getByTestId('reject')).toBeDisabled(); // not without a reason
    const because = 'No nombre la casa de <b>Rosa</b>: quite la calle';
    await approver.getByTestId('reject-reason').fill(because);
    await approver.getByTestId('reject').click();
    await expect(approver.getByTestId('sent-back')).toHaveText(`coordinator la devolvió: ${because}`);
    // The author's screen follows, live: a draft again, with the reason as typed (markup stays text).
    await expect(author.getByTestId('alert-page')).toHaveAttribute('data-status', 'draft');
    await expect(author.getByTestId('sent-back')).toHaveText(`coordinator la devolvió: ${because}`);
    expect(receiver.received(subscription.endpoint)).toEqual([]);
  } finally {
    await receiver.close();
  }
});

test('a sent alert opens on its public page without an account, in the visitor’s language, and says when it was retracted', async ({ newContext, baseURL }) => {
  const receiver = await PushReceiver.start();
  try {
    const { dispatcher, id, hash } = await askedToLaVia(baseURL!, receiver, [
      { language: 'en', title: 'Know your rights', text: 'Do not open the door <b>without</b> a judicial warrant.' },
      SPANISH,
    ]);
    const coordinator = await apiAs(baseURL!, 'coordinator');
    expect((await coordinator.call('POST', `/api/alerts/${id}/approve`, { hash })).status).toBe(200);
    // Public once it went out: its first delivery taken by the push service, a moment after the approval.
    await expect.poll(async () => (await fetch(`${baseURL}/api/alerts/feeds/json/${id}`)).status, { timeout: 20_000 }).toBe(200);

    const page = await (await newContext({ locale: 'es-US' })).newPage();
    await page.goto(`/alerts/${id}`);
    await expect(page).toHaveURL(`/alerts/${id}`);
    await expect(page.getByTestId('public-alert')).toHaveAttribute('data-language', 'es');
    await expect(page.getByTestId('public-alert-title')).toHaveText('Conozca sus derechos');
    await page.getByTestId('public-alert-language-en').click();
    // Text shows as text: the markup someone typed is not interpreted.
    await expect(page.getByTestId('public-alert-text')).toHaveText('Do not open the door <b>without</b> a judicial warrant.');
    await expect(page.getByTestId('public-alert-corrected')).toHaveCount(0);

    const retraction = await dispatcher.call('POST', `/api/alerts/${id}/retraction`, {
      kind: 'retraction',
      variants: [{ language: 'es', title: 'Retirada', text: 'La alerta anterior fue un error.' }],
    });
    expect(retraction.status).toBe(201);
    expect((await coordinator.call('POST', `/api/alerts/${retraction.body.alert.id}/approve`, { hash: retraction.body.alert.approval.hash })).status).toBe(200);
    await expect
      .poll(async () => ((await (await page.request.get(`/api/alerts/feeds/json/${id}`)).json()) as { correctedBy?: { kind: string } }).correctedBy?.kind)
      .toBe('retraction');
    await page.reload();
    await expect(page.getByTestId('public-alert-corrected')).toHaveAttribute('data-kind', 'retraction');
    await expect(page.getByTestId('public-alert-corrected')).toContainText('Esta alerta fue retirada');
    await page.getByTestId('public-alert-corrected').getByRole('link').click();
    await expect(page).toHaveURL(`/alerts/${retraction.body.alert.id}`);
    await expect(page.getByTestId('public-alert-corrects')).toContainText('Esto retira una alerta anterior.');
    await page.getByTestId('public-alert-subscribe').click();
    await expect(page.getByTestId('subscribe-page')).toBeVisible();

    await page.goto('/alerts/00000000-0000-4000-8000-000000000000');
    await expect(page.getByTestId('public-alert-missing')).toBeVisible();
    await page.goto('/alerts/compose'); // still the staff composer: sign-in, not the public page
    await expect(page).toHaveURL(/\/login/);
  } finally {
    await receiver.close();
  }
});

test.describe('the public sign-up, when the browser cannot finish it', () => {
  test.use({ permissions: ['notifications'], locale: 'es-US' });

  test('says what it waits for, and gives up after 20 s in the page’s language when the push service never answers', async ({ page }) => {
    await page.addInitScript(() => {
      PushManager.prototype.getSubscription = () => Promise.resolve(null);
      PushManager.prototype.subscribe = () => new Promise<PushSubscription>(() => undefined);
    });
    await page.clock.install();
    await page.goto('/alerts');
    await page.getByTestId('area-La Vía').check();
    await page.getByTestId('subscribe').click();
    const state = page.getByTestId('subscribe-state');
    await expect(state).toHaveText('Suscribiendo este navegador a las alertas…');
    await expect(state).toHaveAttribute('role', 'status');
    await expect(page.getByTestId('subscribe')).toBeDisabled();
    await page.clock.fastForward(20_000);
    await expect(state).toHaveAttribute('data-state', 'error');
    await expect(state).toContainText('Este navegador no terminó la suscripción en 20 segundos. Recargue la página');
    await expect(page.getByTestId('subscribe')).toBeEnabled();
  });

  test('says a private window has no push service instead of blaming the connection', async ({ page }) => {
    await page.addInitScript(() => {
      PushManager.prototype.getSubscription = () => Promise.resolve(null);
      PushManager.prototype.subscribe = () => Promise.reject(new DOMException('Registration failed - push service not available', 'AbortError'));
    });
    await page.goto('/alerts');
    await page.getByTestId('area-La Vía').check();
    await page.getByTestId('subscribe').click();
    const state = page.getByTestId('subscribe-state');
    await expect(state).toHaveAttribute('data-state', 'error');
    await expect(state).toContainText('Una ventana privada o de incógnito no lo tiene: abra esta página en una ventana normal.');
    await expect(state).not.toContainText('conexión');
  });
});

test('the list of alerts says "reached no one" for a sent alert every delivery of which failed, as its own page does', async ({ page }) => {
  const id = '0b6f4a52-8f55-4a57-9d1e-2b7c1b1f0a11';
  const at = new Date().toISOString();
  const alert = {
    id,
    type: 'know_your_rights',
    status: 'sent',
    drill: false,
    incidentId: null,
    audience: { kind: 'all' },
    channels: ['webpush'],
    variants: [{ language: 'en', title: 'Nobody got this one', text: 'Every delivery failed.' }],
    postToChannel: false,
    image: null,
    version: 3,
    createdBy: { id: '5d8f2b1c-0000-4000-8000-000000000001', username: 'dispatcher' },
    createdAt: at,
    updatedAt: at,
    approvalRequired: false,
    approval: null,
    startedAt: at,
    finishedAt: at,
    publishedAt: at,
    correctionOf: null,
    correctedBy: null,
  };
  const failed = {
    alertId: id,
    counts: [{ channel: 'webpush', language: 'en', status: 'failed', count: 2 }],
    failures: [],
    channelPost: { status: 'none', at: null },
  };
  await page.route(
    (url) => url.pathname === '/api/alerts',
    (route) => route.fulfill({ json: { alerts: [alert] } }),
  );
  await page.route(`**/api/alerts/${id}/deliveries`, (route) => route.fulfill({ json: failed }));
  await signIn(page, 'dispatcher');
  await page.goto('/alerts/manage');
  await expect(page.getByTestId(`alert-${id}`).getByTestId('alert-row-status')).toHaveText('Finished — reached no one');
});
