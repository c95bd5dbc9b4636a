import type { AlertView, SubscriptionImportResult } from '@centinela/contracts';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { TestClock } from 'pg-boss';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { alertSteps, draft } from '../support/alerts.js';
import { RetentionService } from '../../apps/api/src/retention/retention.service.js';
import { PushReceiver } from '../support/push-receiver.js';
import { expectOk, type TestAccount, TestApp } from '../support/test-app.js';

const CAP = 'urn:oasis:names:tc:emergency:cap:1.2';

/**
 * The composer, two-person approval and the fan-out, through the HTTP API, with browsers subscribed by Web Push
 * (the stub push service decrypts what it receives, as a browser would).
 */
describe('community alerts', () => {
  let t: TestApp;
  let author: TestAccount;
  let approver: TestAccount;
  let receiver: PushReceiver;
  let publicKey: string;

  beforeAll(async () => {
    receiver = await PushReceiver.start();
    t = await TestApp.start({ ALERT_APPROVAL_TYPES: 'incident,know_your_rights,correction' });
    author = await t.account('dispatcher');
    approver = await t.account('coordinator');
    publicKey = (await expectOk<{ publicKey: string }>(t.api.get('/api/alerts/subscriptions/web-push/key'))).publicKey;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const { browser, create, ask, until } = alertSteps(() => ({ t, author, receiver, publicKey }));

  const approve = (id: string, hash: string, who = approver) => who.api.post(`/api/alerts/${id}/approve`, { hash });

  it('estimates recipients per channel × language, with SMS segments and cost, and names languages without a variant', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    await browser([zone.id], 'en');
    await browser([zone.id], 'es');
    await browser([zone.id], 'vi');
    const { audience, variants } = draft(zone.id);
    const estimate = await expectOk(author.api.post('/api/alerts/estimate', { audience, variants, channels: ['webpush', 'sms'] }));
    expect(estimate.recipients).toEqual([
      { channel: 'webpush', language: 'en', recipients: 2, segments: 0, encoding: null },
      { channel: 'webpush', language: 'es', recipients: 1, segments: 0, encoding: null },
    ]);
    expect(estimate).toMatchObject({ totalRecipients: 3, missingLanguages: ['vi'], disabledChannels: ['sms'], totalCost: 0 });
  });

  it('refuses unknown zones and repeated languages by name, storing nothing', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM alerts')).rows[0].n;
    const unknown = await author.api.post('/api/alerts', draft('00000000-0000-4000-8000-000000000000'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('audience.zoneIds');
    const zone = await t.zone(squareAround(freshBase(), 300));
    const twice = await author.api.post('/api/alerts', { ...draft(zone.id), variants: [draft(zone.id).variants[0], draft(zone.id).variants[0]] });
    expect(twice.status).toBe(400);
    expect(twice.body.message).toContain('variants.1.language');
    expect((await t.db.query('SELECT count(*)::int AS n FROM alerts')).rows[0].n).toBe(before);
    // Kept, but nobody has subscribed to this zone: asking for approval is refused, saying why.
    const empty = await create(draft(zone.id));
    const asked = await author.api.post(`/api/alerts/${empty.alert.id}/approval-request`, {});
    expect(asked).toMatchObject({ status: 400, body: { reason: 'alert.nobodyReceives', issues: [{ path: 'audience' }] } });
  });

  it('needs a second person: the author gets 403, an edit voids the approval, another dispatcher sends it to each browser in its language', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    const en = await browser([zone.id], 'en');
    const es = await browser([zone.id], 'es');
    const elsewhere = await browser([(await t.zone(squareAround(freshBase(), 500))).id], 'en');
    const created = await create(draft(zone.id));
    const asked = await ask(created.alert.id);
    expect(asked.alert).toMatchObject({ status: 'awaiting_approval', approvalRequired: true });
    const hash = asked.alert.approval!.hash;
    expect(asked.alert.approval!.estimate.totalRecipients).toBe(2);

    const own = await approve(created.alert.id, hash, author);
    expect(own.status).toBe(403);
    expect(own.body.message).toMatch(/second dispatcher or coordinator/);
    expect(own.body.reason).toBe('alert.ownAlert');

    const edited = await expectOk<AlertView>(
      author.api.patch(`/api/alerts/${created.alert.id}`, {
        version: asked.alert.version,
        variants: [...draft(zone.id).variants, { language: 'vi', title: 'Quyền', text: 'Đừng mở cửa.' }],
      }),
    );
    expect(edited.alert).toMatchObject({ status: 'draft', approval: { status: 'void' } });
    expect(await approve(created.alert.id, hash)).toMatchObject({ status: 409, body: { reason: 'alert.notAwaitingApproval' } });

    const again = await ask(created.alert.id);
    expect(again.alert.approval!.hash).not.toBe(hash);
    const approved = await expectOk<AlertView>(approve(created.alert.id, again.alert.approval!.hash));
    expect(['sending', 'sent']).toContain(approved.alert.status);

    const [gotEn, gotEs] = await Promise.all([receiver.next(en.endpoint), receiver.next(es.endpoint)]);
    expect(gotEn.json()).toMatchObject({ kind: 'alert', alertId: created.alert.id, title: 'Know your rights', drill: false });
    expect(gotEs.json()).toMatchObject({ title: 'Conozca sus derechos', body: 'No abra la puerta sin una orden judicial.' });
    expect(receiver.received(elsewhere.endpoint)).toEqual([]);
    const sent = await until(created.alert.id, (v) => v.alert.status === 'sent');
    expect(sent.deliveries.counts).toEqual([
      { channel: 'webpush', language: 'en', status: 'sent', count: 1 },
      { channel: 'webpush', language: 'es', status: 'sent', count: 1 },
    ]);
    const log = (await t.db.query(`SELECT kind, actor FROM alert_log WHERE alert_id = $1 ORDER BY at, id`, [created.alert.id])).rows;
    // Entries of one transaction share a time, so compare them as a set.
    expect(log.map((l) => l.kind).sort()).toEqual(['approval-requested', 'approval-requested', 'approval-void', 'approved', 'drafted', 'edited', 'released']);
    expect(log.find((l) => l.kind === 'approved').actor).toBe(approver.user.username);
  });

  it('lets an approval expire after ALERT_APPROVAL_TTL_SECONDS', async () => {
    // Its own app on a clock the test moves (the job queue follows that clock, so the shared app keeps real time).
    const clock = new TestClock(Date.now());
    const timed = await TestApp.start({ ALERT_APPROVAL_TTL_SECONDS: '60' }, { clock });
    try {
      const [writer, checker] = [await timed.account('dispatcher'), await timed.account('dispatcher')];
      const zone = await timed.zone(squareAround(freshBase(), 500));
      const subscription = receiver.subscribe({ applicationServerKey: (await expectOk(timed.api.get('/api/alerts/subscriptions/web-push/key'))).publicKey });
      await expectOk(timed.api.put('/api/alerts/subscriptions/web-push', { subscription, zoneIds: [zone.id], language: 'en' }), 204);
      const created = await expectOk<AlertView>(writer.api.post('/api/alerts', draft(zone.id)), 201);
      const asked = await expectOk<AlertView>(writer.api.post(`/api/alerts/${created.alert.id}/approval-request`, {}));
      await clock.tick(61_000);
      const late = await checker.api.post(`/api/alerts/${created.alert.id}/approve`, { hash: asked.alert.approval!.hash });
      expect(late.status).toBe(409);
      expect(late.body.message).toMatch(/expired/);
      expect(late.body.reason).toBe('alert.approvalExpired');
      const now = await expectOk<AlertView>(writer.api.get(`/api/alerts/${created.alert.id}`));
      expect(now.alert).toMatchObject({ status: 'draft', approval: { status: 'expired' } });
    } finally {
      await timed.close();
    }
  });

  it("seals an approver's reason for sending an alert back, and forgets it ALERT_DRAFT_RETENTION_DAYS after the decision", async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    await browser([zone.id], 'en');
    const created = await create(draft(zone.id));
    await ask(created.alert.id);
    const because = 'REASONMARK that is Rosa’s house: do not name the street';
    expect(await approver.api.post(`/api/alerts/${created.alert.id}/reject`, { reason: '  ' })).toMatchObject({ status: 400 });
    const back = await expectOk<AlertView>(approver.api.post(`/api/alerts/${created.alert.id}/reject`, { reason: because }));
    expect(back.alert.status).toBe('draft');
    expect(back.alert.approval).toMatchObject({ status: 'rejected', reason: because, decidedBy: { username: approver.user.username } });
    expect((await expectOk<AlertView>(author.api.get(`/api/alerts/${created.alert.id}`))).alert.approval?.reason).toBe(because);

    // In PostgreSQL only an envelope under an "alert-reason" key; the log says who and when, not why.
    const [row] = (
      await t.db.query(`SELECT id, reason, sealed_key AS "sealedKey" FROM alert_approvals WHERE alert_id = $1 AND status = 'rejected'`, [created.alert.id])
    ).rows as { id: string; reason: Buffer; sealedKey: string }[];
    expect(row!.sealedKey).toMatch(/^alert-reason\/\d{4}-\d{2}-\d{2}$/);
    expect(row!.reason.toString('latin1')).not.toContain('REASONMARK');
    const clear = await t.db.query(
      `SELECT (SELECT count(*)::int FROM alert_log WHERE detail::text LIKE '%REASONMARK%') + (SELECT count(*)::int FROM alert_approvals WHERE encode(reason, 'escape') LIKE '%REASONMARK%') AS n`,
    );
    expect(clear.rows[0].n).toBe(0);

    // A key of a day long past that nothing names any more is destroyed; the reason goes once its time is up.
    const planted = path.join(t.keysDir, 'alert-reason', '2020-01-01.key');
    mkdirSync(path.dirname(planted), { recursive: true });
    writeFileSync(planted, randomBytes(32));
    const retention = t.app.get(RetentionService);
    const early = await retention.run();
    expect(early.keysDestroyed).toContain('alert-reason/2020-01-01');
    expect(early.keysDestroyed).not.toContain(row!.sealedKey);
    expect(existsSync(planted)).toBe(false);
    await t.db.query('UPDATE alert_approvals SET decided_at = $2 WHERE id = $1', [row!.id, new Date(Date.now() - 31 * 86_400_000)]);
    const run = await retention.run();
    expect(run.purged['Reasons given for sending an alert back (sealed)']).toBeGreaterThanOrEqual(1);
    const after = (await t.db.query('SELECT reason, sealed_key FROM alert_approvals WHERE id = $1', [row!.id])).rows[0];
    expect(after).toEqual({ reason: null, sealed_key: null });
    const view = await expectOk<AlertView>(author.api.get(`/api/alerts/${created.alert.id}`));
    expect(view.alert.approval).toMatchObject({ status: 'rejected', reason: '', decidedBy: { username: approver.user.username } });
  });

  it('sends types without approval at once, only by the rules (all clear needs none here, know-your-rights does)', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    const sub = await browser([zone.id], 'en');
    const kyr = await create(draft(zone.id));
    expect((await author.api.post(`/api/alerts/${kyr.alert.id}/send`, {})).status).toBe(403);
    const clear = await create(draft(zone.id, { type: 'all_clear', variants: [{ language: 'en', title: 'All clear', text: 'Agents left.' }] }));
    await expectOk(author.api.post(`/api/alerts/${clear.alert.id}/send`, {}));
    expect((await receiver.next(sub.endpoint)).json()).toMatchObject({ title: 'All clear' });
  });

  it('deletes alerts never sent ALERT_DRAFT_RETENTION_DAYS after their last change, and keeps what went out', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    const sub = await browser([zone.id], 'en');
    const stale = await create(draft(zone.id));
    await ask(stale.alert.id);
    const fresh = await create(draft(zone.id));
    const sent = await create(draft(zone.id, { type: 'all_clear', variants: [{ language: 'en', title: 'All clear', text: 'Agents left.' }] }));
    await expectOk(author.api.post(`/api/alerts/${sent.alert.id}/send`, {}));
    await receiver.next(sub.endpoint);
    const old = new Date(Date.now() - 31 * 86_400_000);
    await t.db.query('UPDATE alerts SET updated_at = $2 WHERE id = ANY($1::uuid[])', [[stale.alert.id, sent.alert.id], old]);

    const run = await t.app.get(RetentionService).run();
    expect(Object.entries(run.purged).find(([what]) => what.startsWith('Alerts never sent'))?.[1]).toBeGreaterThanOrEqual(1);
    expect((await author.api.get(`/api/alerts/${stale.alert.id}`)).status).toBe(404);
    for (const table of ['alert_approvals', 'alert_log']) {
      expect({ table, left: (await t.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE alert_id = $1`, [stale.alert.id])).rows[0].n }).toEqual({
        table,
        left: 0,
      });
    }
    expect((await author.api.get(`/api/alerts/${fresh.alert.id}`)).status).toBe(200);
    expect((await author.api.get(`/api/alerts/${sent.alert.id}`)).status).toBe(200);
  });

  it('sends a drill only to the drill list, marked DRILL, and keeps it out of the public feeds', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    const member = await browser([zone.id], 'en');
    await t.db.query(`UPDATE alert_subscribers SET drill_list = true WHERE id = (SELECT id FROM alert_subscribers ORDER BY updated_at DESC LIMIT 1)`);
    const other = await browser([zone.id], 'en');
    const drill = await create(draft(zone.id, { audience: { kind: 'drill' } }));
    expect(drill.alert.drill).toBe(true);
    const asked = await ask(drill.alert.id);
    expect(asked.alert.approval!.estimate.totalRecipients).toBe(1);
    await expectOk(approve(drill.alert.id, asked.alert.approval!.hash));
    expect((await receiver.next(member.endpoint)).json()).toMatchObject({ title: '[DRILL] Know your rights', drill: true });
    await until(drill.alert.id, (v) => v.alert.status === 'sent');
    expect(receiver.received(other.endpoint)).toEqual([]);
    const feed = await t.api.get('/api/alerts/feeds/rss.xml');
    expect(String(feed.body)).not.toContain(drill.alert.id);
    expect((await t.api.get(`/api/alerts/feeds/cap/${drill.alert.id}`)).status).toBe(404);
    const cap = await author.api.get(`/api/alerts/${drill.alert.id}/cap.xml`);
    expect(cap.body).toContain('<status>Exercise</status>');
  });

  it('corrects in one action: exactly who received the original, on the same channels, after approval', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    const first = await browser([zone.id], 'en');
    const second = await browser([zone.id], 'es');
    const original = await create(draft(zone.id));
    const asked = await ask(original.alert.id);
    await expectOk(approve(original.alert.id, asked.alert.approval!.hash));
    await Promise.all([receiver.next(first.endpoint), receiver.next(second.endpoint)]);
    await until(original.alert.id, (v) => v.alert.status === 'sent');
    const late = await browser([zone.id], 'en'); // subscribed after: must not get the correction
    const correction = await expectOk<AlertView>(
      author.api.post(`/api/alerts/${original.alert.id}/retraction`, {
        kind: 'correction',
        variants: [{ language: 'en', title: 'Correction', text: 'The earlier alert named the wrong street.' }],
      }),
      201,
    );
    expect(correction.alert).toMatchObject({ type: 'correction', correctionOf: original.alert.id, status: 'awaiting_approval', channels: ['webpush'] });
    expect(correction.alert.approval!.estimate.totalRecipients).toBe(2);
    await expectOk(approve(correction.alert.id, correction.alert.approval!.hash));
    const [a, b] = await Promise.all([receiver.next(first.endpoint), receiver.next(second.endpoint)]);
    expect(a.json()).toMatchObject({ title: 'Correction' });
    expect(b.json()).toMatchObject({ title: 'Correction' }); // no Spanish variant: the English one
    await until(correction.alert.id, (v) => v.alert.status === 'sent');
    expect(receiver.received(late.endpoint)).toEqual([]);
    expect((await expectOk<AlertView>(author.api.get(`/api/alerts/${original.alert.id}`))).alert.correctedBy).toBe(correction.alert.id);
  });

  it('publishes sent alerts as RSS, Atom and valid CAP 1.2 with the zones as polygons', async () => {
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 500), `Feed Zone ${Date.now()}`);
    await browser([zone.id], 'en');
    const created = await create(draft(zone.id));
    await expectOk(approve(created.alert.id, (await ask(created.alert.id)).alert.approval!.hash));
    await until(created.alert.id, (v) => v.alert.status === 'sent');
    const rss = await t.api.get('/api/alerts/feeds/rss.xml');
    expect(rss.headers.get('content-type')).toContain('application/rss+xml');
    const rssDoc = new DOMParser().parseFromString(rss.body as string, 'text/xml');
    expect([...rssDoc.getElementsByTagName('guid')].map((g) => g.textContent)).toContain(created.alert.id);
    const atomDoc = new DOMParser().parseFromString((await t.api.get('/api/alerts/feeds/cap.xml')).body as string, 'text/xml');
    const capLink = [...atomDoc.getElementsByTagName('link')].find(
      (l) => l.getAttribute('type') === 'application/cap+xml' && l.getAttribute('href')!.endsWith(created.alert.id),
    );
    expect(capLink).toBeDefined();

    const cap = await t.api.get(`/api/alerts/feeds/cap/${created.alert.id}`);
    const doc = new DOMParser().parseFromString(cap.body as string, 'text/xml');
    const alert = doc.documentElement!;
    expect(alert.localName).toBe('alert');
    expect(alert.namespaceURI).toBe(CAP);
    const child = (el: Element, name: string) => ([...el.childNodes].filter((n) => n.nodeType === 1) as Element[]).filter((n) => n.localName === name);
    const text = (el: Element, name: string) => child(el, name)[0]?.textContent ?? null;
    // CAP 1.2 §3.2: required elements of <alert>, in order, with their value domains.
    const order = [...alert.childNodes].filter((n) => n.nodeType === 1).map((n) => (n as Element).localName);
    expect(order.slice(0, 7)).toEqual(['identifier', 'sender', 'sent', 'status', 'msgType', 'scope', 'info']);
    expect(text(alert, 'sent')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/);
    expect(text(alert, 'status')).toBe('Actual');
    expect(text(alert, 'msgType')).toBe('Alert');
    expect(text(alert, 'scope')).toBe('Public');
    const infos = child(alert, 'info');
    expect(infos.map((i) => text(i, 'language'))).toEqual(['en', 'es']);
    for (const info of infos) {
      for (const required of ['category', 'event', 'urgency', 'severity', 'certainty']) expect(text(info, required)).toBeTruthy();
      expect(['Immediate', 'Expected', 'Future', 'Past', 'Unknown']).toContain(text(info, 'urgency'));
      const area = child(info, 'area')[0]!;
      expect(text(area, 'areaDesc')).toBe(zone.name);
      const points = text(area, 'polygon')!
        .split(' ')
        .map((p) => p.split(',').map(Number));
      expect(points.length).toBeGreaterThanOrEqual(4);
      expect(points[0]).toEqual(points[points.length - 1]);
      const [lat, lon] = points[0]!;
      expect(Math.abs(lat! - base[1])).toBeLessThan(0.01); // latitude first
      expect(Math.abs(lon! - base[0])).toBeLessThan(0.01);
    }
  });

  it('keeps templates per type × language for coordinators, and prefills a draft from a confirmed incident', async () => {
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 500));
    await browser([zone.id], 'es');
    expect((await author.api.post('/api/alerts/templates', { type: 'incident', language: 'es', title: 'x', body: 'y' })).status).toBe(403);
    const template = await expectOk(
      approver.api.post('/api/alerts/templates', {
        type: 'incident',
        language: 'es',
        title: 'Alerta: {what}',
        body: '{what} cerca de {where} a las {when}. {todo}',
      }),
      201,
    );
    expect((await approver.api.post('/api/alerts/templates', { type: 'incident', language: 'es', title: 'a', body: 'b' })).status).toBe(409);
    const sighting = await t.sighting(author.api, offset(base, 40, 40), { agency: 'ice', activity: 'detaining' });
    const incident = await expectOk(author.api.get(`/api/incidents/${sighting.sighting.incidentId}`));
    const unconfirmed = await author.api.post('/api/alerts/prefill', { type: 'incident', incidentId: sighting.sighting.incidentId });
    expect(unconfirmed.status).toBe(409);
    await expectOk(
      author.api.post(`/api/incidents/${sighting.sighting.incidentId}/status`, {
        status: 'confirmed',
        reason: 'seen by two verifiers',
        version: incident.incident.version,
      }),
    );
    const prefilled = await expectOk(
      author.api.post('/api/alerts/prefill', { type: 'incident', incidentId: sighting.sighting.incidentId, languages: ['en', 'es'] }),
    );
    expect(prefilled.audience).toEqual({ kind: 'zones', zoneIds: [zone.id], includeNeighbours: true });
    expect(prefilled.variants[0]).toMatchObject({ language: 'en', title: 'Confirmed: ICE (detentions)' });
    expect(prefilled.variants[1].title).toBe('Alerta: ICE (detenciones)');
    expect(prefilled.variants[1].text).toMatch(/^ICE \(detenciones\) cerca de .+ a las \d\d:\d\d\. Evite la zona/);
    await expectOk(approver.api.delete(`/api/alerts/templates/${template.id}`), 204);

    // An unidentified agency is not called immigration agents: the public alert says only what was seen.
    const unknown = await t.sighting(author.api, freshBase(), { agency: 'unknown', activity: 'detaining' });
    const unknownIncident = await expectOk(author.api.get(`/api/incidents/${unknown.sighting.incidentId}`));
    await expectOk(
      author.api.post(`/api/incidents/${unknown.sighting.incidentId}/status`, {
        status: 'confirmed',
        reason: 'seen by two verifiers',
        version: unknownIncident.incident.version,
      }),
    );
    const unidentified = await expectOk(
      author.api.post('/api/alerts/prefill', { type: 'incident', incidentId: unknown.sighting.incidentId, languages: ['en', 'es'] }),
    );
    expect(unidentified.variants.map((v: { title: string }) => v.title)).toEqual([
      'Confirmed: unidentified agents (detentions)',
      'Confirmado: agentes sin identificar (detenciones)',
    ]);
    expect(unidentified.variants.map((v: { text: string }) => v.text).join('\n')).not.toMatch(/immigration|inmigraci/i);
  });

  it('imports a consented list, reporting bad lines by number', async () => {
    const zone = await t.zone(squareAround(freshBase(), 300), `Import Zone 60609 ${Date.now()}`);
    const csv = [
      'channel,address,areas,language',
      `sms,+13125550101,${zone.name},es`,
      'telegram,123456789,60609,en',
      'sms,5550101,x,en',
      `fax,+13125550102,${zone.name},en`,
    ].join('\n');
    expect((await author.api.post('/api/alerts/subscriptions/import', { csv, consentConfirmed: true })).status).toBe(403);
    const result = await expectOk<SubscriptionImportResult>(approver.api.post('/api/alerts/subscriptions/import', { csv, consentConfirmed: true }));
    expect(result.imported).toBe(2);
    expect(result.rejected.map((r) => r.line)).toEqual([4, 5]);
    expect(result.moreRejected).toBe(0);
    expect(result.rejected[0]!.reason).toMatch(/E\.164/);
    const stored = (await t.db.query(`SELECT address FROM alert_subscribers WHERE source = 'import'`)).rows;
    for (const row of stored) expect(row.address.toString('latin1')).not.toContain('3125550101');
  });

  it('takes an import as large as its contract allows (over BODY_LIMIT_BYTES), and names csv and the limit beyond', async () => {
    const lines = ['channel,address,areas,language'];
    for (let i = 0, length = 0; length < 1024 * 1024; i++)
      length += lines[lines.push(`fax,+1312555${String(i).padStart(4, '0')},Nowhere Zone ${i},en`) - 1]!.length + 1;
    const csv = lines.join('\n');
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const answer = await approver.api.post('/api/alerts/subscriptions/import', { csv, consentConfirmed: true });
    expect(answer.status).toBe(200);
    const big = answer.body as SubscriptionImportResult;
    // Every line is bad: the first hundred say why, the rest are counted, and the answer stays small.
    expect(big.rejected.map((r) => r.line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    expect(big.moreRejected).toBe(lines.length - 1 - 100);
    expect(JSON.stringify(answer.body).length).toBeLessThan(20_000);

    const huge = await approver.api.post('/api/alerts/subscriptions/import', { csv: 'x'.repeat(13 * 1024 * 1024), consentConfirmed: true });
    expect(huge.status).toBe(413);
    expect(huge.body.issues).toEqual([{ path: 'csv', message: "is over this request's limit of 12582912 bytes (12 MB)" }]);
    // Elsewhere the global limit (256 KB) still holds, named too.
    const elsewhere = await approver.api.post('/api/alerts', { text: 'x'.repeat(300 * 1024) });
    expect(elsewhere.status).toBe(413);
    expect(elsewhere.body.issues).toEqual([{ path: 'body', message: "is over this request's limit of 262144 bytes (0.3 MB)" }]);
  });

  it('limits sign-ups per client (the page is open to anyone) but never leaving', async () => {
    const limited = await TestApp.start({ ALERT_SIGNUPS_PER_CLIENT: '2' });
    try {
      const zone = await limited.zone(squareAround(freshBase(), 300));
      const key = (await expectOk<{ publicKey: string }>(limited.api.get('/api/alerts/subscriptions/web-push/key'))).publicKey;
      const signUp = () =>
        limited.api.put('/api/alerts/subscriptions/web-push', {
          subscription: receiver.subscribe({ applicationServerKey: key }),
          zoneIds: [zone.id],
          language: 'en',
        });
      const [first, second, third] = [await signUp(), await signUp(), await signUp()];
      expect([first.status, second.status, third.status]).toEqual([204, 204, 429]);
      expect(third.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      expect(third.body.message).toMatch(/too many sign-up changes .*try again in \d+ s/);
      const stored = (await limited.db.query(`SELECT count(*)::int AS n FROM alert_subscribers`)).rows[0].n;
      expect(stored).toBe(2);
      // Leaving is never limited: a browser can always stop its alerts.
      const leave = JSON.stringify({ endpoint: receiver.subscribe({ applicationServerKey: key }).endpoint });
      for (let i = 0; i < 3; i++) await expectOk(limited.api.raw('DELETE', '/api/alerts/subscriptions/web-push', leave), 204);
    } finally {
      await limited.close();
    }
  });

  it('unsubscribes a browser for real', async () => {
    const zone = await t.zone(squareAround(freshBase(), 300));
    const sub = await browser([zone.id], 'en');
    const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM alert_subscribers WHERE channel = 'webpush'`)).rows[0].n as number;
    const before = await count();
    await expectOk(t.api.raw('DELETE', '/api/alerts/subscriptions/web-push', JSON.stringify({ endpoint: sub.endpoint })), 204);
    expect(await count()).toBe(before - 1);
  });
});
