import type { Dispatch, Metrics } from '@centinela/contracts';
import { TestClock } from 'pg-boss';
import { IncidentSweeper } from '../../apps/api/src/incidents/incident-sweeper.js';
import { MetricsService } from '../../apps/api/src/metrics/metrics.service.js';
import { RetentionService } from '../../apps/api/src/retention/retention.service.js';
import { freshBase, offset } from '../support/geo.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

const DAY = 86_400_000;
const onTheHour = (d: Date) => d.getTime() % 3_600_000 === 0;

/**
 * What is left of a purged incident (its digest and its facts for the numbers) can be joined to nothing: no id that
 * appears elsewhere (request logs, provider logs, an export), no exact time — while the numbers stay the same.
 */
describe('the leftovers of a purged incident', () => {
  let t: TestApp;
  let clock: TestClock;
  let dispatcher: TestAccount;
  let coordinator: TestAccount;
  beforeAll(async () => {
    clock = new TestClock(Date.now());
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0' }, { clock });
    dispatcher = await t.account('dispatcher');
    coordinator = await t.asCoordinator();
  });
  afterAll(() => t.close());

  const rows = async (table: string) => (await t.db.query(`SELECT * FROM ${table}`)).rows as Record<string, unknown>[];
  /** Every timestamp of every row of the table is on the hour. */
  const exactTimes = async (table: string) =>
    (await rows(table)).flatMap((r) =>
      Object.entries(r)
        .filter(([, v]) => v instanceof Date && !onTheHour(v))
        .map(([k, v]) => `${k} ${(v as Date).toISOString()}`),
    );

  it('keep no exact time and not the incident’s id, and the numbers do not change', async () => {
    const base = freshBase();
    const responder = await t.account('responder', { onDuty: true, travelMode: 'walk' });
    await expectOk(responder.api.put('/api/responders/me/location', { coordinates: offset(base, 150) }));
    const { sighting } = await t.sighting(dispatcher.api, base, { channel: 'sms', observedAt: new Date(clock.now()).toISOString() });
    const id = sighting.incidentId;
    const dispatch = await expectOk<Dispatch>(
      dispatcher.api.post(`/api/sightings/${sighting.id}/dispatches`, { needs: [{ capability: 'verifier', count: 1 }] }),
      201,
    );
    const ping = dispatch.pings[0]!;
    await clock.setTime(clock.now() + 20_500);
    await expectOk(responder.api.post(`/api/pings/${ping.id}/ack`, { status: 'accepted' }));
    await clock.setTime(clock.now() + 170_300);
    await expectOk(responder.api.post(`/api/pings/${ping.id}/ack`, { status: 'on_scene' }));

    await t.app.get(MetricsService).refresh();
    const day = (offsetDays: number) => new Date(clock.now() + offsetDays * DAY).toISOString().slice(0, 10);
    const range = `from=${day(-1)}&to=${day(1)}`;
    const numbers = async () => {
      const m = await expectOk<Metrics>(coordinator.api.get(`/api/metrics?${range}`));
      return { totals: m.totals, response: m.response, outcomes: m.outcomes, hourOfWeek: m.hourOfWeek, coverage: m.coverage };
    };
    const before = await numbers();
    expect(before.response.firstAccept.n).toBe(1);
    expect(before.response.onScene.p50).toBeGreaterThan(180);
    // The facts are written coarse from the start: the record has the exact times while it exists.
    expect((await t.db.query('SELECT count(*)::int AS n FROM incident_facts WHERE incident_id = $1', [id])).rows[0].n).toBe(1);
    expect(await exactTimes('incident_facts')).toEqual([]);

    // Unconfirmed: off the live map after 4 hours, purged 3 days later.
    await clock.setTime(clock.now() + 5 * 3_600_000);
    await t.app.get(IncidentSweeper).sweep();
    await clock.setTime(clock.now() + 4 * DAY);
    await t.app.get(RetentionService).run();
    expect((await dispatcher.api.get(`/api/incidents/${id}`)).status).toBe(404);

    const digests = await rows('incident_digests');
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ sightings: 1, outcome: 'verifying', channels: { sms: 1 } });
    const facts = await rows('incident_facts');
    expect(facts).toHaveLength(1);
    for (const row of [...digests, ...facts]) expect(JSON.stringify(row)).not.toContain(id);
    expect(await exactTimes('incident_digests')).toEqual([]);
    expect(await exactTimes('incident_facts')).toEqual([]);
    for (const v of [digests[0]!.first_ping_seconds, digests[0]!.first_accept_seconds, digests[0]!.on_scene_seconds]) expect(Number.isInteger(v)).toBe(true);
    // One leftover per incident: the facts and the digest share the fresh id, so the digest is not counted twice.
    expect(facts[0]!.incident_id).toBe(digests[0]!.id);

    await t.app.get(MetricsService).refresh();
    expect(await numbers()).toEqual(before);
  });
});
