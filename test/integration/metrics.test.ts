import type { DailyLog, Metrics } from '@centinela/contracts';
import { MetricsService } from '../../apps/api/src/metrics/metrics.service.js';
import { squareAround } from '../support/geo.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

/**
 * The numbers on a fixture small enough to compute by hand. The record is written as data with exact times
 * (America/Chicago is UTC−6 in January), then the real refresher and the real API compute the numbers.
 */
describe('the network’s numbers', () => {
  let t: TestApp;
  let coordinator: TestAccount;
  let dispatcher: TestAccount;
  let zoneA: string;
  let zoneB: string;
  const ids: Record<string, string> = {};

  const sql = (text: string, params: unknown[] = []) => t.db.query(text, params).then((r) => r.rows as Record<string, unknown>[]);

  async function incident(
    key: string,
    o: { opened: string; status: string; drill?: boolean; sightings: { at: string; channel: string; zones: string[]; agents?: number }[] },
  ): Promise<void> {
    const [row] = await sql(
      `INSERT INTO incidents (status, location, opened_at, last_observed_at, drill) VALUES ($1, ST_SetSRID(ST_MakePoint(-87.65, 41.85), 4326), $2, $2, $3) RETURNING id`,
      [o.status, o.opened, o.drill ?? false],
    );
    ids[key] = row!.id as string;
    for (const s of o.sightings) {
      const [sighting] = await sql(
        `INSERT INTO sightings (incident_id, location, observed_at, reported_at, channel, zone_ids, reported_by, activity, agents)
         VALUES ($1, ST_SetSRID(ST_MakePoint(-87.65, 41.85), 4326), $2, $2, $3, $4, $5, 'surveilling', $6) RETURNING id`,
        [ids[key], s.at, s.channel, s.zones, s.channel === 'web' ? null : dispatcher.user.id, s.agents ?? null],
      );
      ids[`${key}.sighting`] ??= sighting!.id as string;
    }
  }

  async function dispatch(key: string, at: string, windowEndsAt: string, pings: { responder: TestAccount; at: string; answers: [string, string][] }[]) {
    const [d] = await sql(
      `INSERT INTO dispatches (incident_id, sighting_id, needs, status, wave, wave_started_at, window_ends_at, created_at)
       VALUES ($1, $2, '[{"capability":"verifier","count":2}]', 'filled', 1, $3, $4, $3) RETURNING id`,
      [ids[key], ids[`${key}.sighting`], at, windowEndsAt],
    );
    for (const p of pings) {
      const last = p.answers.at(-1);
      const [ping] = await sql(
        `INSERT INTO pings (dispatch_id, sighting_id, responder_id, capability, status, created_at, responded_at) VALUES ($1, $2, $3, 'verifier', $4, $5, $6) RETURNING id`,
        [d!.id, ids[`${key}.sighting`], p.responder.user.responderId, last?.[0] ?? 'pending', p.at, last?.[1] ?? null],
      );
      for (const [status, answeredAt] of p.answers)
        await sql(`INSERT INTO ping_answers (ping_id, status, answered_at) VALUES ($1, $2, $3)`, [ping!.id, status, answeredAt]);
    }
  }

  beforeAll(async () => {
    t = await TestApp.start({ NETWORK_TIME_ZONE: 'America/Chicago', AUTO_DISPATCH_VERIFIERS: '0' });
    coordinator = await t.asCoordinator();
    dispatcher = await t.account('dispatcher');
    const alpha = await t.account('responder', { alias: 'Alpha' });
    const beta = await t.account('responder', { alias: 'Beta' });
    zoneA = (await t.zone(squareAround([-87.65, 41.85], 500), 'A zone')).id;
    zoneB = (await t.zone(squareAround([-87.6, 41.85], 500), 'B zone')).id;

    // I1 — Monday 07:10 local: a call, then a text; confirmed. Pinged at +30 s, accepted at +90 s, on scene at +250 s (in time).
    await incident('I1', {
      opened: '2026-01-05T13:10:00Z',
      status: 'confirmed',
      sightings: [
        { at: '2026-01-05T13:10:00Z', channel: 'hotline-call', zones: [zoneA], agents: 3 },
        { at: '2026-01-05T13:20:00Z', channel: 'sms', zones: [zoneA] },
      ],
    });
    await dispatch('I1', '2026-01-05T13:10:30Z', '2026-01-05T13:15:00Z', [
      {
        responder: alpha,
        at: '2026-01-05T13:10:30Z',
        answers: [
          ['accepted', '2026-01-05T13:11:30Z'],
          ['on_scene', '2026-01-05T13:14:10Z'],
        ],
      },
      { responder: beta, at: '2026-01-05T13:10:30Z', answers: [['declined', '2026-01-05T13:12:00Z']] },
    ]);
    // I2 — Monday 18:00 local, in both zones: a web report, then a call; another agency, then resolved. Ping +360 s, accept +480 s, scene +1200 s (late).
    await incident('I2', {
      opened: '2026-01-06T00:00:00Z',
      status: 'resolved',
      sightings: [
        { at: '2026-01-06T00:00:00Z', channel: 'web', zones: [zoneA] },
        { at: '2026-01-06T00:05:00Z', channel: 'hotline-call', zones: [zoneB] },
      ],
    });
    await sql(
      `INSERT INTO incident_log (incident_id, at, actor, kind, detail) VALUES ($1, '2026-01-06T01:00:00Z', 'x', 'status', '{"from":"other_agency","to":"resolved","reason":"done"}')`,
      [ids.I2],
    );
    await dispatch('I2', '2026-01-06T00:06:00Z', '2026-01-06T00:13:00Z', [
      {
        responder: alpha,
        at: '2026-01-06T00:06:00Z',
        answers: [
          ['accepted', '2026-01-06T00:08:00Z'],
          ['on_scene', '2026-01-06T00:20:00Z'],
        ],
      },
    ]);
    // I3 — Tuesday 12:00 local, zone B, a web report: false alarm. I4 — Wednesday 22:00 local, no zone, a text, never verified.
    await incident('I3', {
      opened: '2026-01-06T18:00:00Z',
      status: 'false_alarm',
      sightings: [{ at: '2026-01-06T18:00:00Z', channel: 'web', zones: [zoneB] }],
    });
    await incident('I4', { opened: '2026-01-08T04:00:00Z', status: 'reported', sightings: [{ at: '2026-01-08T04:00:00Z', channel: 'sms', zones: [] }] });
    // Never counted: a drill on Monday morning; Sunday 23:30 local (already Monday in UTC); a week later.
    await incident('drill', {
      opened: '2026-01-05T13:30:00Z',
      status: 'confirmed',
      drill: true,
      sightings: [{ at: '2026-01-05T13:30:00Z', channel: 'hotline-call', zones: [zoneA] }],
    });
    await dispatch('drill', '2026-01-05T13:30:10Z', '2026-01-05T13:37:00Z', [
      { responder: beta, at: '2026-01-05T13:30:10Z', answers: [['on_scene', '2026-01-05T13:31:00Z']] },
    ]);
    await incident('sunday', {
      opened: '2026-01-05T05:30:00Z',
      status: 'confirmed',
      sightings: [{ at: '2026-01-05T05:30:00Z', channel: 'hotline-call', zones: [zoneA] }],
    });
    await incident('later', {
      opened: '2026-01-20T15:00:00Z',
      status: 'confirmed',
      sightings: [{ at: '2026-01-20T15:00:00Z', channel: 'web', zones: [zoneA] }],
    });
    await t.app.get(MetricsService).refresh();
  });
  afterAll(() => t.close());

  const numbers = (query = '') => expectOk<Metrics>(coordinator.api.get(`/api/metrics?from=2026-01-05&to=2026-01-11${query}`));

  it('counts calls and reports by channel and hour of the week, in the network’s time zone, without drills', async () => {
    const m = await numbers();
    expect(m.totals).toEqual({
      incidents: 4,
      sightings: 6,
      dispatched: 2,
      channels: { 'hotline-call': 2, sms: 2, whatsapp: 0, telegram: 0, web: 2, responder: 0, other: 0 },
    });
    const none = { 'hotline-call': 0, sms: 0, whatsapp: 0, telegram: 0, web: 0, responder: 0, other: 0 };
    expect(m.hourOfWeek).toEqual([
      { day: 1, hour: 7, channels: { ...none, 'hotline-call': 1, sms: 1 } },
      { day: 1, hour: 18, channels: { ...none, 'hotline-call': 1, web: 1 } },
      { day: 2, hour: 12, channels: { ...none, web: 1 } },
      { day: 3, hour: 22, channels: { ...none, sms: 1 } },
    ]);
    expect(m.peakWindows).toEqual([
      { from: 6, to: 9 },
      { from: 17, to: 21 },
    ]);
  });

  it('computes response times (p50/p90), the share on scene in the window, and outcomes', async () => {
    const m = await numbers();
    expect(m.response).toEqual({
      firstPing: { n: 2, p50: 195, p90: 327 },
      firstAccept: { n: 2, p50: 285, p90: 441 },
      onScene: { n: 2, p50: 725, p90: 1105 },
      inWindow: { dispatched: 2, onTime: 1, share: 0.5 },
      windowMinutes: 7,
    });
    expect(m.outcomes).toEqual({ confirmed: 1, other_agency: 1, false_alarm: 1, unverifiable: 0, none: 1 });
    expect(m.weekly).toEqual([{ week: '2026-01-05', incidents: 4, dispatched: 2, onTime: 1 }]);
  });

  it('shows coverage by zone and hour, and responders’ answer rates', async () => {
    const m = await numbers();
    expect(m.coverage).toEqual([
      {
        zoneId: zoneA,
        zoneName: 'A zone',
        hours: [
          { hour: 7, incidents: 1, dispatched: 1, onTime: 1 },
          { hour: 18, incidents: 1, dispatched: 1, onTime: 0 },
        ],
      },
      {
        zoneId: zoneB,
        zoneName: 'B zone',
        hours: [
          { hour: 12, incidents: 1, dispatched: 0, onTime: 0 },
          { hour: 18, incidents: 1, dispatched: 1, onTime: 0 },
        ],
      },
    ]);
    expect(m.responders).toEqual([
      { alias: 'Alpha', pinged: 2, answered: 2, accepted: 2, declined: 0, onScene: 2, answerRate: 1 },
      { alias: 'Beta', pinged: 1, answered: 1, accepted: 0, declined: 1, onScene: 0, answerRate: 1 },
    ]);
  });

  it('filters by zone and date range, and refuses bad filters by name', async () => {
    const b = await numbers(`&zoneId=${zoneB}`);
    expect(b.totals.incidents).toBe(2);
    expect(b.outcomes).toEqual({ confirmed: 0, other_agency: 1, false_alarm: 1, unverifiable: 0, none: 0 });
    expect(b.coverage.map((c) => c.zoneId)).toEqual([zoneB]);
    const sunday = await expectOk<Metrics>(coordinator.api.get('/api/metrics?from=2026-01-04&to=2026-01-04'));
    expect(sunday.totals.incidents).toBe(1);
    expect((await coordinator.api.get('/api/metrics?from=2026-01-11&to=2026-01-05')).body.issues).toEqual([
      { path: 'to', message: 'must not be before from', code: 'invalid' },
    ]);
    expect((await coordinator.api.get('/api/metrics?from=2026-13-01')).body.issues[0].path).toBe('from');
    expect((await coordinator.api.get('/api/metrics?zoneId=nope')).body.issues).toEqual([
      { path: 'zoneId', message: 'must be a zone id (UUID)', code: 'invalidFormat' },
    ]);
    expect((await dispatcher.api.get('/api/metrics')).status).toBe(403);
  });

  it('refreshes the same incidents from two processes at once: same sums, no conflict', async () => {
    const before = await numbers();
    await t.db.query('UPDATE incidents SET version = version + 1'); // every incident's facts are stale
    // Two processes' minute timers at the same moment (each process runs one refresh at a time, so two calls of the
    // unqueued refresh stand for two processes).
    const service = t.app.get<MetricsService, { refreshNow(): Promise<number> }>(MetricsService);
    const counts = await Promise.all([service.refreshNow(), service.refreshNow()]);
    expect(counts[0] + counts[1]).toBeGreaterThan(0);
    expect({ ...(await numbers()), refreshedAt: null }).toEqual({ ...before, refreshedAt: null });
  });

  it('keeps counting an incident after it is purged', async () => {
    await sql('DELETE FROM incidents WHERE id = $1', [ids.I3]);
    await t.app.get(MetricsService).refresh();
    const m = await numbers();
    expect(m.totals.incidents).toBe(4);
    expect(m.outcomes.false_alarm).toBe(1);
  });

  it('takes in the digest of an incident purged before it had facts', async () => {
    // Thursday 2026-01-08 09:00 local: a call and a text, pinged at +40 s, on scene at +300 s, confirmed.
    await sql(
      `INSERT INTO incident_digests (id, opened_at, left_live_at, outcome, confirmed, drill, zone_ids, sightings, channels,
                                     first_ping_seconds, first_accept_seconds, on_scene_seconds, purged_at)
       VALUES (gen_random_uuid(), '2026-01-08T15:00:00Z', '2026-01-08T19:00:00Z', 'confirmed', true, false, $1, 2, '{"hotline-call":1,"sms":1}', 40, 90, 300, now())`,
      [[zoneA]],
    );
    await t.app.get(MetricsService).refresh();
    const m = await numbers();
    expect(m.totals).toMatchObject({ incidents: 5, sightings: 8, dispatched: 3 });
    expect(m.outcomes.confirmed).toBe(2);
    expect(m.response.inWindow).toEqual({ dispatched: 3, onTime: 2, share: 2 / 3 });
    expect(m.hourOfWeek).toContainEqual({ day: 4, hour: 9, channels: { 'hotline-call': 1, sms: 1, whatsapp: 0, telegram: 0, web: 0, responder: 0, other: 0 } });
  });

  it('writes the daily log of a local day as JSON and CSV', async () => {
    const log = await expectOk<DailyLog>(dispatcher.api.get('/api/metrics/daily-log?date=2026-01-05'));
    expect([log.from, log.to]).toEqual(['2026-01-05T06:00:00.000Z', '2026-01-06T06:00:00.000Z']);
    const short = (key: string) => ids[key]!.slice(0, 8);
    expect(log.entries.filter((e) => e.incident === short('I1')).map((e) => e.kind)).toEqual(['incident', 'sighting', 'dispatch', 'pings', 'sighting']);
    expect(log.entries.find((e) => e.kind === 'pings' && e.incident === short('I1'))!.summary).toBe('2 pinged · 1 accepted · 1 on scene · 1 declined');
    expect(log.entries.find((e) => e.kind === 'dispatch' && e.incident === short('I1'))).toMatchObject({
      actor: 'automatic',
      summary: 'verifier ×2',
      zones: 'A zone',
    });
    expect(log.entries.filter((e) => e.incident === short('I2')).map((e) => e.kind)).toEqual([
      'incident',
      'sighting',
      'sighting',
      'dispatch',
      'pings',
      'status',
    ]);
    expect(log.entries.find((e) => e.kind === 'status')!.summary).toBe('other_agency → resolved');
    // The same, as codes and numbers for the page to say in the reader's language.
    expect(log.entries.find((e) => e.kind === 'status')!.facts).toEqual({ kind: 'status', from: 'other_agency', to: 'resolved' });
    expect(log.entries.find((e) => e.kind === 'pings' && e.incident === short('I1'))!.facts).toEqual({
      kind: 'pings',
      pinged: 2,
      accepted: 1,
      onScene: 1,
      declined: 1,
    });
    expect(log.entries.find((e) => e.kind === 'dispatch' && e.incident === short('I1'))!.facts).toEqual({
      kind: 'dispatch',
      needs: [{ capability: 'verifier', count: 2 }],
    });
    expect(log.entries.find((e) => e.kind === 'sighting' && e.incident === short('I1'))!.facts).toEqual({
      kind: 'sighting',
      activity: 'surveilling',
      agency: 'unknown',
      agents: 3,
      vehicles: null,
    });
    expect(log.entries.filter((e) => e.kind === 'incident').every((e) => e.facts.kind === 'incident')).toBe(true);
    expect(log.entries.some((e) => e.incident === short('drill') && e.drill)).toBe(true);
    expect(log.entries.some((e) => e.incident === short('sunday'))).toBe(false);

    // A name a spreadsheet would run as a formula is written as text.
    await expectOk(coordinator.api.patch(`/api/zones/${zoneA}`, { name: '=A zone' }));
    const csv = await dispatcher.api.get('/api/metrics/daily-log.csv?date=2026-01-05');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="centinela-log-2026-01-05.csv"');
    const lines = (csv.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('time (America/Chicago),kind,incident,channel,zones,by,what,drill');
    expect(lines).toHaveLength(log.entries.length + 1);
    expect(lines[2]).toBe(
      `2026-01-05 07:10:00,sighting,${short('I1')},hotline-call,'=A zone,${dispatcher.user.username},"surveilling · 3 agents, ? vehicles",`,
    );
    expect((await dispatcher.api.get('/api/metrics/daily-log?date=2026-01-05&from=2026-01-05T00:00:00Z')).status).toBe(400);

    // A shift's log: no free text at all — not a place description, a verdict's note, an other-agency text or a reason.
    const started = new Date(Date.now() - 60_000).toISOString();
    const verifier = await t.account('responder', { onDuty: true, alias: 'Garza' });
    await expectOk(verifier.api.put('/api/responders/me/location', { coordinates: [-87.6, 41.8501] }));
    const { sighting } = await t.sighting(dispatcher.api, [-87.6, 41.85], {
      channel: 'sms',
      activity: 'checkpoint',
      locationDescription: 'PLACE-MARKER by the bakery',
    });
    const sent = await expectOk<{ pings: { id: string }[] }>(
      dispatcher.api.post(`/api/incidents/${sighting.incidentId}/dispatches`, { needs: [{ capability: 'verifier', count: 1 }] }),
      201,
    );
    const ping = sent.pings[0]!.id;
    await expectOk(verifier.api.post(`/api/pings/${ping}/ack`, { status: 'on_scene' }));
    await expectOk(
      verifier.api.post(`/api/pings/${ping}/verdict`, { verdict: 'other_agency', note: 'NOTE-MARKER Officer Smith', otherAgency: 'AGENCY-MARKER badge 4411' }),
    );
    const judged = await expectOk<{ incident: { version: number } }>(dispatcher.api.get(`/api/incidents/${sighting.incidentId}`));
    await expectOk(
      dispatcher.api.post(`/api/incidents/${sighting.incidentId}/status`, {
        status: 'resolved',
        reason: 'REASON-MARKER landlord Pedro',
        version: judged.incident.version,
      }),
    );
    const window = `from=${started}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    const shift = await expectOk<DailyLog>(dispatcher.api.get(`/api/metrics/daily-log?${window}`));
    const mine = shift.entries.filter((e) => e.incident === sighting.incidentId.slice(0, 8));
    expect(mine.map((e) => [e.kind, e.summary])).toEqual(
      expect.arrayContaining([
        ['sighting', 'checkpoint'],
        ['verdict', 'verifying → other_agency'],
        ['status', 'other_agency → resolved'],
      ]),
    );
    const shiftCsv = (await dispatcher.api.get(`/api/metrics/daily-log.csv?${window}`)).body as string;
    expect(shiftCsv).toContain('other_agency → resolved');
    for (const marker of ['PLACE-MARKER', 'NOTE-MARKER', 'AGENCY-MARKER', 'REASON-MARKER']) {
      expect(JSON.stringify(shift)).not.toContain(marker);
      expect(shiftCsv).not.toContain(marker);
    }
    expect((await dispatcher.api.get('/api/metrics/daily-log?from=2026-01-05T00:00:00Z&to=2026-01-20T00:00:00Z')).body.issues[0].path).toBe('to');
  });
});
