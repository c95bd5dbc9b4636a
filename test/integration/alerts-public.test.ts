import { randomUUID } from 'node:crypto';
import type { AlertDraftInput, AlertImage, AlertView, PublicAlert } from '@centinela/contracts';
import { DOMParser } from '@xmldom/xmldom';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { jpegWithGps, upload } from '../support/photos.js';
import { alertSteps, draft } from '../support/alerts.js';
import { DeliveriesRepository } from '../../apps/api/src/alerts/deliveries.repository.js';
import { UnitOfWork } from '../../apps/api/src/database/unit-of-work.js';
import { waitFor } from '../support/api-process.js';
import { PushReceiver } from '../support/push-receiver.js';
import { expectOk, type TestAccount, TestApp } from '../support/test-app.js';

/**
 * What anyone without an account may read of an alert: the feeds, its CAP message, its image and its public page,
 * all by one rule (apps/api/src/alerts/went-out.ts), and the text they carry.
 */
/**
 * How long the tests that pause an alert hold Web Push's shared pace: longer than asking, approving and pausing take on
 * a busy machine, short enough that the worker waiting for that slot does not hold up the next test's sending for long.
 * (A message that went out under a paused alert in a full `npm test`, twice, was a worker's claim racing the pause,
 * not this pace: see the test of DeliveriesRepository.claim below.)
 */
const PACED_MS = 6_000;

describe('community alerts: what the public sees', () => {
  let t: TestApp;
  let author: TestAccount;
  let approver: TestAccount;
  let receiver: PushReceiver;
  let publicKey: string;

  beforeAll(async () => {
    receiver = await PushReceiver.start();
    // A real push service's host without a port, next to the stub push service on a port of its own.
    t = await TestApp.start({ ALERT_APPROVAL_TYPES: 'incident,know_your_rights,correction', PUSH_ALLOWED_HOSTS: '127.0.0.1:*,fcm.googleapis.com' });
    author = await t.account('dispatcher');
    approver = await t.account('coordinator');
    publicKey = (await expectOk<{ publicKey: string }>(t.api.get('/api/alerts/subscriptions/web-push/key'))).publicKey;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const { browser, create, ask, until } = alertSteps(() => ({ t, author, receiver, publicKey }));

  const approve = (id: string, hash: string) => expectOk<AlertView>(approver.api.post(`/api/alerts/${id}/approve`, { hash }));
  /** Sends an alert through approval and waits until every delivery went. */
  async function sent(body: AlertDraftInput): Promise<AlertView> {
    const created = await create(body);
    await approve(created.alert.id, (await ask(created.alert.id)).alert.approval!.hash);
    return until(created.alert.id, (v) => v.alert.status === 'sent');
  }
  const feeds = async () =>
    (await Promise.all(['rss.xml', 'atom.xml', 'cap.xml'].map((f) => t.api.get(`/api/alerts/feeds/${f}`)))).map((r) => String(r.body)).join('\n');

  it('shows nothing of an alert approved, then paused and cancelled before anyone got it (CAP, feeds, image)', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    await browser([zone.id], 'en');
    const image = (await upload(`${t.baseUrl}/api/alerts/images`, author.token, await jpegWithGps(), 'image/jpeg')).body as AlertImage;
    const created = await create(draft(zone.id, { imageId: image.id }));
    // Web Push's shared pace has no slot for a while: the approved alert is `sending` but nothing has gone yet.
    await t.db.query(
      `INSERT INTO alert_send_windows (provider, next_at_ms) VALUES ('webpush', $1) ON CONFLICT (provider) DO UPDATE SET next_at_ms = EXCLUDED.next_at_ms`,
      [Date.now() + PACED_MS],
    );
    try {
      const approved = await approve(created.alert.id, (await ask(created.alert.id)).alert.approval!.hash);
      expect(approved.alert.status).toBe('sending');
      await expectOk(author.api.post(`/api/alerts/${created.alert.id}/pause`, {}));
      const cancelled = await expectOk<AlertView>(author.api.post(`/api/alerts/${created.alert.id}/cancel`, {}));
      expect(cancelled.alert.status).toBe('cancelled');
      expect(cancelled.deliveries.counts.map((c) => c.status)).toEqual(['cancelled']);
    } finally {
      await t.db.query(`UPDATE alert_send_windows SET next_at_ms = 0 WHERE provider = 'webpush'`);
    }
    expect((await t.api.get(`/api/alerts/feeds/cap/${created.alert.id}`)).status).toBe(404);
    expect((await t.api.get(`/api/alerts/feeds/json/${created.alert.id}`)).status).toBe(404);
    expect(await feeds()).not.toContain(created.alert.id);
    expect((await fetch(`${t.baseUrl}/api/alerts/feeds/images/${image.id}`)).status).toBe(404);
    // Staff still read it.
    expect((await author.api.get(`/api/alerts/${created.alert.id}/cap.xml`)).status).toBe(200);
  });

  it('keeps showing an alert stopped after it reached someone (a retraction mid-send cancels the rest)', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    await browser([zone.id], 'en');
    const out = await sent(draft(zone.id));
    // What a retraction of a `sending` alert leaves: the alert cancelled, the deliveries that went still sent.
    await t.db.query(`UPDATE alerts SET status = 'cancelled' WHERE id = $1`, [out.alert.id]);
    expect((await t.api.get(`/api/alerts/feeds/cap/${out.alert.id}`)).status).toBe(200);
    expect((await t.api.get(`/api/alerts/feeds/json/${out.alert.id}`)).status).toBe(200);
    expect(await feeds()).toContain(out.alert.id);
  });

  it('keeps a paused alert nobody received out of public view; once it reached someone it stays public for good', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    const en = await browser([zone.id], 'en');
    const image = (await upload(`${t.baseUrl}/api/alerts/images`, author.token, await jpegWithGps(), 'image/jpeg')).body as AlertImage;
    const created = await create(draft(zone.id, { imageId: image.id }));
    const id = created.alert.id;
    const shown = async () => ({
      page: (await t.api.get(`/api/alerts/feeds/json/${id}`)).status,
      cap: (await t.api.get(`/api/alerts/feeds/cap/${id}`)).status,
      feeds: (await feeds()).includes(id),
      image: (await fetch(`${t.baseUrl}/api/alerts/feeds/images/${image.id}`)).status,
    });
    // Web Push's shared pace has no slot for a while: the approved alert is `sending` but nothing has gone yet.
    await t.db.query(
      `INSERT INTO alert_send_windows (provider, next_at_ms) VALUES ('webpush', $1) ON CONFLICT (provider) DO UPDATE SET next_at_ms = EXCLUDED.next_at_ms`,
      [Date.now() + PACED_MS],
    );
    try {
      await approve(id, (await ask(id)).alert.approval!.hash);
      const paused = await expectOk<AlertView>(author.api.post(`/api/alerts/${id}/pause`, {}));
      expect(paused.alert.status).toBe('paused');
      expect(paused.alert.publishedAt).toBeNull();
      expect(paused.deliveries.counts.map((c) => c.status)).toEqual(['queued']);
    } finally {
      await t.db.query(`UPDATE alert_send_windows SET next_at_ms = 0 WHERE provider = 'webpush'`);
    }
    // Pause is how staff stop a mistake: nothing of it is public, and there is nothing to retract (cancel it instead).
    expect(await shown()).toEqual({ page: 404, cap: 404, feeds: false, image: 404 });
    const early = await author.api.post(`/api/alerts/${id}/retraction`, { kind: 'retraction', variants: [{ language: 'en', title: 'No', text: 'Wrong.' }] });
    expect(early.status).toBe(409);
    expect(JSON.stringify(early.body)).toContain('cancel it instead');

    await expectOk(author.api.post(`/api/alerts/${id}/resume`, {}));
    // The worker that held the rows waits for the slot it had reserved before it finds them taken back; then the
    // resumed batch goes.
    await receiver.next(en.endpoint, PACED_MS + 15_000);
    await until(id, (v) => v.alert.status === 'sent');
    expect(await shown()).toEqual({ page: 200, cap: 200, feeds: true, image: 200 });
    // What went out stays out: a provider's later "failed", the deliveries' retention, a stop recorded afterwards.
    await t.db.query(`UPDATE alert_deliveries SET status = 'failed' WHERE alert_id = $1`, [id]);
    await t.db.query(`DELETE FROM alert_deliveries WHERE alert_id = $1`, [id]);
    await t.db.query(`UPDATE alerts SET status = 'cancelled' WHERE id = $1`, [id]);
    expect(await shown()).toEqual({ page: 200, cap: 200, feeds: true, image: 200 });
  });

  it('a worker that read the alert as sending before a pause committed claims nothing once it has (no send under a paused alert)', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    await browser([zone.id], 'en');
    const { alert } = await create(draft(zone.id));
    await t.db.query(
      `INSERT INTO alert_send_windows (provider, next_at_ms) VALUES ('webpush', $1) ON CONFLICT (provider) DO UPDATE SET next_at_ms = EXCLUDED.next_at_ms`,
      [Date.now() + PACED_MS],
    );
    const pausing = await t.db.connect();
    try {
      await approve(alert.id, (await ask(alert.id)).alert.approval!.hash);
      await expectOk(author.api.post(`/api/alerts/${alert.id}/pause`, {}));
      // The moment of the race: the alert is `sending` and its recipient queued, as a worker saw them on its last
      // look; a pause is under way (FanOut.stop has updated the alert, not yet committed) when the worker claims.
      await t.db.query(`UPDATE alerts SET status = 'sending' WHERE id = $1`, [alert.id]);
      const { batch } = (await t.db.query(`SELECT batch FROM alert_deliveries WHERE alert_id = $1`, [alert.id])).rows[0];
      await pausing.query('BEGIN');
      await pausing.query(`SELECT 1 FROM alerts WHERE id = $1 FOR UPDATE`, [alert.id]);
      await pausing.query(`UPDATE alerts SET status = 'paused' WHERE id = $1`, [alert.id]);
      const uow = t.app.get(UnitOfWork);
      let settled = false;
      const claim = t.app
        .get(DeliveriesRepository)
        .claim(uow.db, alert.id, batch, 50, randomUUID(), new Date())
        .finally(() => (settled = true));
      // It waits for the pause (or, on a claim that does not, has already taken the row).
      await waitFor('the claim to wait for the pause or to finish', async () => {
        if (settled) return true;
        const { rows } = await t.db.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%WITH sending AS%'`);
        return rows.length > 0;
      });
      expect(settled).toBe(false);
      await pausing.query('COMMIT');
      expect(await claim).toEqual([]);
      expect((await t.db.query(`SELECT status FROM alert_deliveries WHERE alert_id = $1`, [alert.id])).rows).toEqual([{ status: 'queued' }]);
    } finally {
      await pausing.query('ROLLBACK').catch(() => undefined);
      pausing.release();
      await t.db.query(`UPDATE alert_send_windows SET next_at_ms = 0 WHERE provider = 'webpush'`);
    }
    await expectOk(author.api.post(`/api/alerts/${alert.id}/cancel`, {}));
  });

  it('retracts an alert cancelled after it reached someone: the retraction goes to who got it and is public', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    const en = await browser([zone.id], 'en');
    const out = await sent(draft(zone.id));
    await receiver.next(en.endpoint);
    // What a cancel mid-send leaves: the alert cancelled, the deliveries that went still sent.
    await t.db.query(`UPDATE alerts SET status = 'cancelled' WHERE id = $1`, [out.alert.id]);
    const retraction = await expectOk<AlertView>(
      author.api.post(`/api/alerts/${out.alert.id}/retraction`, {
        kind: 'retraction',
        variants: [{ language: 'en', title: 'Retracted', text: 'The earlier alert was sent in error.' }],
      }),
      201,
    );
    expect(retraction.estimate.totalRecipients).toBe(1);
    await approve(retraction.alert.id, retraction.alert.approval!.hash);
    await until(retraction.alert.id, (v) => v.alert.status === 'sent');
    expect((await receiver.next(en.endpoint)).json()).toMatchObject({ title: 'Retracted' });
    const original = (await expectOk<AlertView>(author.api.get(`/api/alerts/${out.alert.id}`))).alert;
    // The staff page offers "retract or correct" for what went out, whatever its status (AlertPage: publishedAt).
    expect([original.status, original.publishedAt]).toEqual(['cancelled', out.alert.publishedAt]);
    expect(Date.parse(original.publishedAt!)).toBeGreaterThanOrEqual(Date.parse(out.alert.startedAt!));
    expect((await expectOk<PublicAlert>(t.api.get(`/api/alerts/feeds/json/${out.alert.id}`))).correctedBy).toMatchObject({ id: retraction.alert.id });
  });

  it('retracts a sent alert whose every delivery failed: nobody to reach, but the public notice goes out (page, feeds, CAP Cancel)', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    const gone = await browser([zone.id], 'en');
    receiver.expire(gone.endpoint); // the push service answers 410: the only delivery fails
    const out = await sent(draft(zone.id));
    expect(out.deliveries.counts.map((c) => c.status)).toEqual(['failed']);
    expect((await t.api.get(`/api/alerts/feeds/json/${out.alert.id}`)).status).toBe(200);
    const retraction = await expectOk<AlertView>(
      author.api.post(`/api/alerts/${out.alert.id}/retraction`, {
        kind: 'retraction',
        variants: [{ language: 'en', title: 'Retracted', text: 'The earlier alert was sent in error.' }],
      }),
      201,
    );
    expect(retraction.estimate.totalRecipients).toBe(0);
    await approve(retraction.alert.id, retraction.alert.approval!.hash);
    const went = await until(retraction.alert.id, (v) => v.alert.status === 'sent');
    expect((await expectOk<PublicAlert>(t.api.get(`/api/alerts/feeds/json/${out.alert.id}`))).correctedBy).toEqual({
      id: retraction.alert.id,
      kind: 'retraction',
      sentAt: went.alert.startedAt,
    });
    expect((await t.api.get(`/api/alerts/feeds/json/${retraction.alert.id}`)).status).toBe(200);
    expect(await feeds()).toContain(retraction.alert.id);
    const cap = new DOMParser().parseFromString(String((await t.api.get(`/api/alerts/feeds/cap/${retraction.alert.id}`)).body), 'text/xml');
    expect(cap.getElementsByTagName('msgType')[0]!.textContent).toBe('Cancel');
    expect(cap.getElementsByTagName('references')[0]!.textContent).toContain(out.alert.id);
  });

  it('refuses Unicode noncharacters by field (alerts, public reports), and a stored one never breaks a feed', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    const bad = await author.api.post('/api/alerts', draft(zone.id, { variants: [{ language: 'en', title: 'Know \uFFFE', text: 'Fine text.' }] }));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('variants.0.title');
    expect(bad.body.message).toContain('U+FFFE');
    const astral = await author.api.post('/api/alerts', draft(zone.id, { variants: [{ language: 'en', title: 'Know', text: 'Text \u{10FFFF}' }] }));
    expect(astral.status).toBe(400);
    expect(astral.body.message).toContain('variants.0.text');
    const report = await t.api.post('/api/reports', {
      location: { type: 'Point', coordinates: offset(freshBase(), 80) },
      observedAt: new Date(Date.now() - 60_000).toISOString(),
      description: 'agents at the corner',
      locationDescription: 'Main St \uFFFF\uFFFE corner',
    });
    expect(report.status).toBe(400);
    expect(report.body.message).toContain('locationDescription');
    expect((await t.api.post('/api/reports', { description: 'x \uFDD0' })).status).toBe(400);

    // A row stored before the rule: every public XML feed stays well-formed, without the illegal characters.
    await browser([zone.id], 'en');
    const out = await sent(draft(zone.id));
    await t.db.query(`UPDATE alerts SET variants = jsonb_set(variants, '{0,text}', to_jsonb($2::text)) WHERE id = $1`, [
      out.alert.id,
      'Stored \uFFFF\uFFFE before \u0001 the rule',
    ]);
    for (const path of ['rss.xml', 'atom.xml', 'cap.xml', `cap/${out.alert.id}`]) {
      const body = String((await t.api.get(`/api/alerts/feeds/${path}`)).body);
      const errors: string[] = [];
      new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(body, 'text/xml');
      expect([path, errors]).toEqual([path, []]);
      expect(body).toContain('Stored  before  the rule');
    }
  });

  it('gives RSS readers the alert text as text: escaped as HTML, then as XML, its line breaks as <br>', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    await browser([zone.id], 'en');
    const text = 'Agents at <Main & 18th>\n<img src=x onerror=alert(1)> is text.';
    const out = await sent(draft(zone.id, { variants: [{ language: 'en', title: 'Escaped', text }] }));
    const rss = new DOMParser().parseFromString(String((await t.api.get('/api/alerts/feeds/rss.xml')).body), 'text/xml');
    const item = [...rss.getElementsByTagName('item')].find((i) => i.getElementsByTagName('guid')[0]?.textContent === out.alert.id)!;
    // What a reader renders as HTML: every character of the text shown as itself, nothing as markup.
    expect(item.getElementsByTagName('description')[0]!.textContent).toBe('Agents at &lt;Main &amp; 18th&gt;<br>&lt;img src=x onerror=alert(1)&gt; is text.');
    // Atom says its content is text: escaped once.
    const atom = new DOMParser().parseFromString(String((await t.api.get('/api/alerts/feeds/atom.xml')).body), 'text/xml');
    expect([...atom.getElementsByTagName('content')].map((c) => c.textContent)).toContain(text);
  });

  it('prefills whole characters: a template past the limit is cut before an emoji, never inside it, and the prefill posts back', async () => {
    const template = await expectOk<{ id: string }>(
      approver.api.post('/api/alerts/templates', { type: 'incident', language: 'en', title: `${'T'.repeat(79)}😀`, body: `{todo}${'A'.repeat(1515)}😀` }),
      201,
    );
    try {
      const prefilled = await expectOk<AlertDraftInput>(author.api.post('/api/alerts/prefill', { type: 'incident', languages: ['en'] }));
      const [variant] = prefilled.variants;
      expect(variant!.title).toBe('T'.repeat(79));
      expect(variant!.text.length).toBeLessThanOrEqual(1600);
      expect(variant!.text).toMatch(/A$/);
      await expectOk(author.api.post('/api/alerts', prefilled), 201);
    } finally {
      await expectOk(approver.api.delete(`/api/alerts/templates/${template.id}`), 204);
    }
  });

  it('takes a push endpoint only on https at the push service’s default port, for alert sign-ups and responders alike', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    const subscription = receiver.subscribe({ applicationServerKey: publicKey });
    const signUp = (endpoint: string) =>
      t.api.put('/api/alerts/subscriptions/web-push', { subscription: { ...subscription, endpoint }, zoneIds: [zone.id], language: 'en' });
    const port = await signUp('https://fcm.googleapis.com:8443/x');
    expect(port.status).toBe(400);
    expect(port.body.issues).toEqual([
      { path: 'subscription.endpoint', message: 'fcm.googleapis.com is a push service only on its default https port, not 8443' },
    ]);
    expect((await signUp('https://fcm.googleapis.com:443/x')).status).toBe(204);
    expect((await signUp('http://fcm.googleapis.com/x')).status).toBe(400);

    const responder = await t.account('responder', { onDuty: true });
    const own = await responder.api.put('/api/push/subscription', { ...receiver.subscribe(), endpoint: 'https://fcm.googleapis.com:8443/x' });
    expect(own.status).toBe(400);
    expect(own.body.issues).toEqual([{ path: 'endpoint', message: 'fcm.googleapis.com is a push service only on its default https port, not 8443' }]);
    expect((await responder.api.put('/api/push/subscription', receiver.subscribe())).status).toBe(204); // the stub, allowed with its port
  });

  it('writes absolute links in every feed without PUBLIC_URL, from the address the request came in on', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    await browser([zone.id], 'en');
    const out = await sent(draft(zone.id));
    const base = new URL(t.baseUrl).origin;
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const body = await (await fetch(`${t.baseUrl}/api/alerts/feeds/${path}`, { headers })).text();
      return new DOMParser().parseFromString(body, 'text/xml');
    };
    const texts = (doc: ReturnType<DOMParser['parseFromString']>, tag: string) => [...doc.getElementsByTagName(tag)].map((e) => e.textContent);
    const rss = await get('rss.xml');
    expect(texts(rss, 'link')[0]).toBe(base);
    expect(texts(rss, 'link')).toContain(`${base}/alerts/${out.alert.id}`);
    for (const [path, self] of [
      ['atom.xml', `${base}/api/alerts/feeds/atom.xml`],
      ['cap.xml', `${base}/api/alerts/feeds/cap.xml`],
    ] as const) {
      const atom = await get(path);
      expect(texts(atom, 'id')[0]).toBe(self);
      const hrefs = [...atom.getElementsByTagName('link')].map((l) => l.getAttribute('href'));
      expect(hrefs).toContain(`${base}/alerts/${out.alert.id}`);
      for (const href of hrefs) expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    }
    expect(texts(await get(`cap/${out.alert.id}`), 'web')).toEqual([`${base}/alerts/${out.alert.id}`, `${base}/alerts/${out.alert.id}`]);
    // Without TRUST_PROXY, a forwarded host is not believed.
    expect(texts(await get('rss.xml', { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }), 'link')[0]).toBe(base);
    // Links that follow the Host a client sends are never kept by a shared cache for another client.
    for (const path of ['rss.xml', 'atom.xml', 'cap.xml', `cap/${out.alert.id}`]) {
      const response = await fetch(`${t.baseUrl}/api/alerts/feeds/${path}`);
      expect([path, response.headers.get('cache-control'), response.headers.get('vary')]).toEqual([path, 'private, max-age=60', 'Host']);
    }
  });

  it('serves the feeds publicly cacheable only with PUBLIC_URL, whose links no Host header changes', async () => {
    const fixed = await TestApp.start({ PUBLIC_URL: 'https://alerts.example.org' });
    try {
      const response = await fetch(`${fixed.baseUrl}/api/alerts/feeds/rss.xml`, { headers: { host: 'evil.example' } });
      expect(response.headers.get('cache-control')).toBe('public, max-age=60');
      const body = await response.text();
      expect(new DOMParser().parseFromString(body, 'text/xml').getElementsByTagName('link')[0]!.textContent).toBe('https://alerts.example.org');
      expect(body).not.toContain('evil.example');
    } finally {
      await fixed.close();
    }
  });

  it('takes the feeds’ address from X-Forwarded-Proto/-Host behind a trusted proxy', async () => {
    const proxied = await TestApp.start({ TRUST_PROXY: 'true' });
    try {
      const body = await (
        await fetch(`${proxied.baseUrl}/api/alerts/feeds/atom.xml`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'alerts.example.org' } })
      ).text();
      expect(new DOMParser().parseFromString(body, 'text/xml').getElementsByTagName('id')[0]!.textContent).toBe(
        'https://alerts.example.org/api/alerts/feeds/atom.xml',
      );
      const headers = (await fetch(`${proxied.baseUrl}/api/alerts/feeds/rss.xml`, { headers: { 'x-forwarded-host': 'evil.example' } })).headers;
      expect([headers.get('cache-control'), headers.get('vary')]).toEqual(['private, max-age=60', 'Host, X-Forwarded-Host, X-Forwarded-Proto']);
    } finally {
      await proxied.close();
    }
  });

  it('serves the public page of a sent alert: only what went out, 404 for drafts and drills, and a retraction once it went out', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500), `Page Zone ${Date.now()}`);
    const en = await browser([zone.id], 'en');
    const page = (id: string) => t.api.get(`/api/alerts/feeds/json/${id}`);

    const waiting = await create(draft(zone.id));
    expect((await page(waiting.alert.id)).status).toBe(404); // a draft
    await ask(waiting.alert.id);
    expect((await page(waiting.alert.id)).status).toBe(404); // awaiting approval
    expect((await page('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await page('not-a-uuid')).status).toBe(400);

    const out = await sent(draft(zone.id));
    await receiver.next(en.endpoint);
    const shown = await page(out.alert.id);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      id: out.alert.id,
      type: 'know_your_rights',
      sentAt: out.alert.startedAt!,
      variants: draft(zone.id).variants,
      areas: [zone.name],
      imageId: null,
      correctionOf: null,
      correctedBy: null,
    } satisfies PublicAlert);

    await browser([zone.id], 'en');
    await t.db.query(`UPDATE alert_subscribers SET drill_list = true WHERE id = (SELECT id FROM alert_subscribers ORDER BY updated_at DESC LIMIT 1)`);
    const drill = await create(draft(zone.id, { audience: { kind: 'drill' } }));
    await approve(drill.alert.id, (await ask(drill.alert.id)).alert.approval!.hash);
    await until(drill.alert.id, (v) => v.alert.status === 'sent');
    expect((await page(drill.alert.id)).status).toBe(404);

    const retraction = await expectOk<AlertView>(
      author.api.post(`/api/alerts/${out.alert.id}/retraction`, {
        kind: 'retraction',
        variants: [{ language: 'en', title: 'Retracted', text: 'The earlier alert was sent in error.' }],
      }),
      201,
    );
    // Waiting for approval: nothing public says so yet.
    expect(((await page(out.alert.id)).body as PublicAlert).correctedBy).toBeNull();
    expect((await page(retraction.alert.id)).status).toBe(404);
    await approve(retraction.alert.id, retraction.alert.approval!.hash);
    const went = await until(retraction.alert.id, (v) => v.alert.status === 'sent');
    expect(((await page(out.alert.id)).body as PublicAlert).correctedBy).toEqual({ id: retraction.alert.id, kind: 'retraction', sentAt: went.alert.startedAt });
    expect(await expectOk<PublicAlert>(page(retraction.alert.id))).toMatchObject({
      type: 'correction',
      correctionOf: { id: out.alert.id, kind: 'retraction' },
      correctedBy: null,
      variants: [{ language: 'en', title: 'Retracted', text: 'The earlier alert was sent in error.' }],
    });
  });
});
