import type { AlertView, Drill, IncidentView, Metrics, Ping, PublicIncident } from '@centinela/contracts';
import { TestClock } from 'pg-boss';
import { MetricsService } from '../../apps/api/src/metrics/metrics.service.js';
import { RetentionService } from '../../apps/api/src/retention/retention.service.js';
import { waitFor } from '../support/api-process.js';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { PushReceiver } from '../support/push-receiver.js';
import { startTwilioStub, type TwilioStub } from '../support/stubs/index.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

/** Drills run through the real chain on an incident marked as a drill, and stay out of everything real. */
describe('drills', () => {
  let t: TestApp;
  let clock: TestClock;
  let receiver: PushReceiver;
  let coordinator: TestAccount;
  let dispatcher: TestAccount;
  beforeAll(async () => {
    receiver = await PushReceiver.start();
    clock = new TestClock(Date.now());
    t = await TestApp.start({ PUBLIC_MAP: 'true', PUBLIC_MAP_DELAY_MINUTES: '0', AUTO_DISPATCH_VERIFIERS: '1' }, { clock });
    coordinator = await t.asCoordinator();
    dispatcher = await t.account('dispatcher');
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const incident = (id: string) => expectOk<IncidentView>(dispatcher.api.get(`/api/incidents/${id}`));

  /** A verifier near `base`, on duty, subscribed to Web Push. */
  async function verifierNear(base: [number, number]) {
    const verifier = await t.account('responder', { onDuty: true, alias: 'Garza' });
    await expectOk(verifier.api.put('/api/responders/me/location', { coordinates: offset(base, 80) }));
    const { publicKey } = await expectOk<{ publicKey: string }>(verifier.api.get('/api/push/key'));
    const subscription = receiver.subscribe({ applicationServerKey: publicKey });
    expect((await verifier.api.put('/api/push/subscription', subscription)).status).toBe(204);
    return { verifier, subscription };
  }

  it('runs the real chain with pings labelled as a drill, and reports each step against the 5–7 minute window', async () => {
    const base = freshBase();
    const { verifier, subscription } = await verifierNear(base);
    const drill = await expectOk<Drill>(
      coordinator.api.post('/api/drills', { location: { type: 'Point', coordinates: base }, activity: 'checkpoint', scenario: 'Two SUVs at the corner' }),
      201,
    );
    expect(drill).toMatchObject({ startedBy: coordinator.user.username, endedAt: null, scenario: 'Two SUVs at the corner' });
    const view = await incident(drill.incidentId!);
    expect(view.incident).toMatchObject({ drill: true, status: 'verifying' });
    expect(view.sightings[0]!.notes).toBe('DRILL — Two SUVs at the corner');

    // The verifier's ping says DRILL, in the app and on the push notification.
    const [ping] = await expectOk<Ping[]>(verifier.api.get('/api/pings/mine'));
    expect(ping).toMatchObject({ drill: true, sightingId: drill.sightingId });
    expect((await receiver.next(subscription.endpoint)).json()).toEqual({ kind: 'ping', pingId: ping!.id, url: '/respond', drill: true });

    const start = Date.parse(drill.startedAt);
    await clock.setTime(start + 40_000);
    await expectOk(verifier.api.post(`/api/pings/${ping!.id}/ack`, { status: 'accepted' }));
    await clock.setTime(start + 330_000);
    await expectOk(verifier.api.post(`/api/pings/${ping!.id}/ack`, { status: 'on_scene' }));
    await clock.setTime(start + 500_000);
    await expectOk(verifier.api.post(`/api/pings/${ping!.id}/verdict`, { verdict: 'confirmed' }));

    const live = await expectOk<Drill>(coordinator.api.get(`/api/drills/${drill.id}`));
    const step = (d: Drill, name: string) => d.report.steps.find((s) => s.step === name)!;
    expect(step(live, 'first_ping').seconds).toBeLessThan(5);
    expect(step(live, 'first_ping').verdict).toBe('in_time');
    expect(step(live, 'first_accept')).toMatchObject({ seconds: 40, verdict: 'in_time' });
    expect(step(live, 'on_scene')).toMatchObject({ seconds: 330, verdict: 'at_limit' });
    expect(step(live, 'verified')).toMatchObject({ seconds: 500, verdict: 'late' });
    expect(step(live, 'alert_approved')).toMatchObject({ at: null, seconds: null, verdict: 'not_reached' });
    expect(live.report.window).toEqual({ fastSeconds: 300, limitSeconds: 420 });

    await clock.setTime(start + 600_000);
    const ended = await expectOk<Drill>(coordinator.api.post(`/api/drills/${drill.id}/end`, {}));
    expect(ended.endedAt).toBe(new Date(start + 600_000).toISOString());
    expect(ended.report).toEqual(live.report);
    expect((await incident(drill.incidentId!)).incident.status).toBe('resolved');
    expect((await coordinator.api.post(`/api/drills/${drill.id}/end`, {})).status).toBe(409);
    expect((await expectOk<Drill[]>(dispatcher.api.get('/api/drills'))).map((d) => d.id)).toContain(drill.id);
  });

  it('keeps drills off the public map, out of the numbers and evidence exports, and apart from real incidents', async () => {
    const base = freshBase();
    const drill = await expectOk<Drill>(coordinator.api.post('/api/drills', { location: { type: 'Point', coordinates: base } }), 201);
    // A real call at the same corner a minute later opens a real incident: it never joins the drill.
    const real = await t.sighting(dispatcher.api, offset(base, 20), { channel: 'hotline-call' });
    expect(real.sighting.incidentId).not.toBe(drill.incidentId);
    expect((await incident(real.sighting.incidentId)).incident.drill).toBe(false);
    // A second drill there joins the first drill, never the real incident.
    const again = await expectOk<Drill>(coordinator.api.post('/api/drills', { location: { type: 'Point', coordinates: offset(base, 10) } }), 201);
    expect(again.incidentId).toBe(drill.incidentId);

    for (const id of [drill.incidentId!, real.sighting.incidentId]) {
      const v = await incident(id);
      await expectOk(dispatcher.api.post(`/api/incidents/${id}/status`, { status: 'confirmed', reason: 'seen', version: v.incident.version }));
    }
    // Merging either way is refused: nothing turns a drill into a real incident.
    const [d, r] = [await incident(drill.incidentId!), await incident(real.sighting.incidentId)];
    const merge = await dispatcher.api.post(`/api/incidents/${r.incident.id}/merge`, {
      otherIncidentId: d.incident.id,
      version: r.incident.version,
      otherVersion: d.incident.version,
    });
    expect(merge.status).toBe(409);
    expect(merge.body.message).toBe('a drill cannot be merged with a real incident');

    await clock.setTime(clock.now() + 60_000);
    const shown = await expectOk<PublicIncident[]>(t.api.get('/api/public/incidents'));
    const near = (p: PublicIncident) => Math.abs(p.location.coordinates[0]! - base[0]) < 0.01 && Math.abs(p.location.coordinates[1]! - base[1]) < 0.01;
    expect(shown.filter(near)).toHaveLength(1); // the real one only

    const exported = await dispatcher.api.get(`/api/incidents/${drill.incidentId}/export`);
    expect(exported.status).toBe(409);
    expect(exported.body.message).toBe('a drill is practice, not evidence: see its drill report');
    expect((await dispatcher.api.get(`/api/incidents/${real.sighting.incidentId}/export`)).status).toBe(200);

    await t.app.get(MetricsService).refresh();
    const day = (offsetDays: number) => new Date(clock.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
    const facts = await t.db.query('SELECT incident_id, drill FROM incident_facts WHERE incident_id = ANY($1::uuid[])', [
      [drill.incidentId, real.sighting.incidentId],
    ]);
    expect(facts.rows).toHaveLength(2);
    const m = await expectOk<Metrics>(coordinator.api.get(`/api/metrics?from=${day(-1)}&to=${day(1)}`));
    const counted = await t.db.query('SELECT count(*)::int AS n FROM incidents WHERE NOT drill AND merged_into IS NULL');
    expect(m.totals.incidents).toBe(counted.rows[0].n);
  });

  it('is started by coordinators only, with a place, and names a bad field', async () => {
    expect((await dispatcher.api.post('/api/drills', { location: { type: 'Point', coordinates: freshBase() } })).status).toBe(403);
    const bad = await coordinator.api.post('/api/drills', { location: { type: 'Point', coordinates: [500, 1] } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toMatch(/^location/);
    expect((await coordinator.api.post('/api/drills', { location: { type: 'Point', coordinates: freshBase() }, extra: 1 })).status).toBe(400);
    expect((await coordinator.api.get('/api/drills/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

/** A drill's alert goes to the drill list only, and the report times its approval and first delivery. */
describe('a drill’s alert', () => {
  let t: TestApp;
  let twilio: TwilioStub;
  beforeAll(async () => {
    twilio = await startTwilioStub();
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '1' }, { stubs: { twilio } });
  });
  afterAll(async () => {
    await t.close();
    await twilio.close();
  });

  it('is sent to the drill list only, never as a real alert, and the report counts its approval and delivery', async () => {
    const coordinator = await t.asCoordinator();
    const dispatcher = await t.account('dispatcher');
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 400), `Drill zone ${Date.now()}`);
    const drillPhone = `+1555${String(Date.now()).slice(-7)}`;
    const realPhone = `+1555${String(Date.now() + 1).slice(-7)}`;
    const csv = ['channel,address,areas,language', `sms,${drillPhone},${zone.name},en`].join('\n');
    await expectOk(coordinator.api.post('/api/alerts/subscriptions/import', { csv, consentConfirmed: true, drillList: true }));
    await expectOk(coordinator.api.post('/api/alerts/subscriptions/import', { csv: csv.replace(drillPhone, realPhone), consentConfirmed: true }));

    const drill = await expectOk<Drill>(coordinator.api.post('/api/drills', { location: { type: 'Point', coordinates: base } }), 201);
    const v = await expectOk<IncidentView>(dispatcher.api.get(`/api/incidents/${drill.incidentId}`));
    await expectOk(
      dispatcher.api.post(`/api/incidents/${drill.incidentId}/status`, { status: 'confirmed', reason: 'drill verdict', version: v.incident.version }),
    );
    const variants = [{ language: 'en', title: 'Checkpoint', text: 'Checkpoint confirmed. Avoid the area.' }];
    // Nothing turns a drill into a real alert: its zones or everyone are refused, by name.
    for (const audience of [{ kind: 'zones', zoneIds: [zone.id] }, { kind: 'everyone' }]) {
      const real = await dispatcher.api.post('/api/alerts', { type: 'incident', incidentId: drill.incidentId, audience, channels: ['sms'], variants });
      expect(real.status).toBe(400);
      expect(real.body.message).toContain('audience');
    }
    const alert = await expectOk<AlertView>(
      dispatcher.api.post('/api/alerts', { type: 'incident', incidentId: drill.incidentId, audience: { kind: 'drill' }, channels: ['sms'], variants }),
      201,
    );
    const asked = await expectOk<AlertView>(dispatcher.api.post(`/api/alerts/${alert.alert.id}/approval-request`, {}));
    await expectOk(coordinator.api.post(`/api/alerts/${alert.alert.id}/approve`, { hash: asked.alert.approval!.hash }));
    const sms = await twilio.sent.next((m) => m.to === drillPhone, 10_000);
    expect(sms.body).toContain('Checkpoint confirmed');
    await waitFor('the drill alert handed to the provider', async () => {
      const report = await expectOk<Drill>(coordinator.api.get(`/api/drills/${drill.id}`));
      return report.report.steps.find((s) => s.step === 'alert_delivered')!.at !== null;
    });
    expect(twilio.sent.items.filter((m) => m.to === realPhone)).toEqual([]);

    const { report } = await expectOk<Drill>(coordinator.api.get(`/api/drills/${drill.id}`));
    const at = (step: string) => report.steps.find((s) => s.step === step)!;
    for (const step of ['verified', 'alert_approved', 'alert_delivered']) expect(at(step).seconds).not.toBeNull();
    expect(at('alert_approved').seconds!).toBeGreaterThanOrEqual(at('verified').seconds!);
    expect(at('alert_delivered').seconds!).toBeGreaterThanOrEqual(at('alert_approved').seconds!);
    expect(at('alert_delivered').verdict).toBe('in_time'); // all of it ran within seconds

    // Confirmed in practice is not evidence: once over, the drill's incident goes like an unconfirmed report and its
    // alert like a draft; the frozen report is what stays.
    const ended = await expectOk<Drill>(coordinator.api.post(`/api/drills/${drill.id}/end`, {}));
    await waitFor(
      'the drill alert finished',
      async () => (await expectOk<AlertView>(dispatcher.api.get(`/api/alerts/${alert.alert.id}`))).alert.status === 'sent',
    );
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    await t.db.query('UPDATE incidents SET resolved_at = $2 WHERE id = $1', [drill.incidentId, longAgo]);
    await t.db.query('UPDATE alerts SET updated_at = $2 WHERE id = $1', [alert.alert.id, longAgo]);
    const run = await t.app.get(RetentionService).run();
    expect(
      run.purged['Unconfirmed incidents and every drill: their sightings (place, SALUTE, notes), photos, log, dispatches, pings and answers'],
    ).toBeGreaterThanOrEqual(1);
    expect((await dispatcher.api.get(`/api/incidents/${drill.incidentId}`)).status).toBe(404);
    expect((await dispatcher.api.get(`/api/alerts/${alert.alert.id}`)).status).toBe(404);
    expect((await t.db.query('SELECT count(*)::int AS n FROM alert_deliveries WHERE alert_id = $1', [alert.alert.id])).rows[0].n).toBe(0);
    const kept = await expectOk<Drill>(coordinator.api.get(`/api/drills/${drill.id}`));
    expect(kept).toMatchObject({ incidentId: null, endedAt: ended.endedAt });
    expect(kept.report).toEqual(ended.report);
  });
});
