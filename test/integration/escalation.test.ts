import type { Capability, Dispatch } from '@centinela/contracts';
import { TestClock } from 'pg-boss';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

/** An app on its own test clock, starting at the wall clock's time, and a dispatcher. */
async function startOnTestClock(): Promise<{ t: TestApp; clock: TestClock; dispatcher: TestAccount }> {
  const clock = new TestClock(Date.now());
  const t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0' }, { clock });
  return { t, clock, dispatcher: await t.account('dispatcher') };
}

/** What the tests on a test clock do, on the app `current()` gives once it has started. */
function steps(current: () => { t: TestApp; clock: TestClock; dispatcher: TestAccount }) {
  return {
    locate: (r: TestAccount, at: [number, number]) => expectOk(current().t.as(r).put('/api/responders/me/location', { coordinates: at })),
    get: (id: string) => expectOk<Dispatch>(current().t.as(current().dispatcher).get(`/api/dispatches/${id}`)),
    /** Moves time on and waits for the wave the due job sends (job handlers run after the tick returns). */
    tickToWave: async (id: string, ms: number, wave: number): Promise<Dispatch> => {
      const { t, clock, dispatcher } = current();
      const log = await t.socket(dispatcher);
      await clock.tick(ms);
      return log.next('dispatch.updated', (d) => d.id === id && d.wave === wave, 5000);
    },
  };
}

/**
 * Waves on a controllable clock: pg-boss's TestClock drives both the app's time and the job queue's
 * (JavaScript timers and the database's job clock), so `tick()` makes escalation jobs come due.
 */
describe('escalation waves', () => {
  let t: TestApp;
  let clock: TestClock;
  let dispatcher: TestAccount;

  beforeAll(async () => ({ t, clock, dispatcher } = await startOnTestClock()));
  afterAll(() => t.close());
  const { locate, get, tickToWave } = steps(() => ({ t, clock, dispatcher }));

  it('widens 60 s, 90 s and 120 s after each wave until everyone on duty is asked, then says it is unfilled', async () => {
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 800));
    const neighbour = await t.zone(squareAround(offset(base, 2000), 600)); // 600 m gap: more than 500 m, not a neighbour
    const touching = await t.zone(squareAround(offset(base, 0, 1600), 800)); // shares an edge: a neighbour
    const mk = (alias: string, opts: Parameters<TestApp['account']>[1] = {}) => t.account('responder', { onDuty: true, alias, ...opts });
    const near = [await mk('near-1'), await mk('near-2'), await mk('near-3'), await mk('near-4')];
    for (const [i, r] of near.entries()) await locate(r, offset(base, 50 * (i + 1)));
    await mk('zone-member', { zones: [zone] });
    await mk('touching-zone-member', { zones: [touching] });
    await mk('distant-zone-member', { zones: [neighbour] });
    const driver = await mk('driver-3km', { travelMode: 'car' });
    await locate(driver, offset(base, 0, -3000)); // ≈ 468 s by car: outside 7 minutes, inside 10
    await mk('anyone-on-duty');
    await mk('off-duty', { onDuty: false });

    const { sighting } = await t.sighting(t.as(dispatcher), base, { observedAt: new Date(clock.now()).toISOString() });
    const dispatch = await expectOk<Dispatch>(
      t.as(dispatcher).post(`/api/sightings/${sighting.id}/dispatches`, { needs: [{ capability: 'verifier', count: 2 }] }),
      201,
    );
    expect(dispatch.pings.map((p) => p.alias)).toEqual(['near-1', 'near-2', 'near-3']);

    await clock.tick(59_000);
    expect((await get(dispatch.id)).wave).toBe(1); // not yet

    const wave2 = await tickToWave(dispatch.id, 1_000, 2);
    expect(
      wave2.pings
        .filter((p) => p.wave === 2)
        .map((p) => p.alias)
        .sort(),
    ).toEqual(['near-4', 'zone-member']);
    expect(Date.parse(wave2.nextWaveAt!) - clock.now()).toBe(90_000);

    const wave3 = await tickToWave(dispatch.id, 90_000, 3);
    expect(
      wave3.pings
        .filter((p) => p.wave === 3)
        .map((p) => p.alias)
        .sort(),
    ).toEqual(['driver-3km', 'touching-zone-member']);

    const wave4 = await tickToWave(dispatch.id, 120_000, 4);
    expect(
      wave4.pings
        .filter((p) => p.wave === 4)
        .map((p) => p.alias)
        .sort(),
    ).toEqual(expect.arrayContaining(['anyone-on-duty', 'distant-zone-member']));
    expect(wave4.pings.map((p) => p.alias)).not.toContain('off-duty');
    expect(wave4).toMatchObject({ status: 'unfilled', nextWaveAt: null });
    // Nobody was pinged twice.
    expect(new Set(wave4.pings.map((p) => p.responderId)).size).toBe(wave4.pings.length);
  });

  it('stops escalating the moment the need is filled', async () => {
    const base = freshBase();
    const a = await t.account('responder', { onDuty: true, alias: 'a' });
    const b = await t.account('responder', { onDuty: true, alias: 'b' });
    const late = await t.account('responder', { onDuty: true, alias: 'late' });
    await locate(a, offset(base, 100));
    await locate(b, offset(base, 200));
    await locate(late, offset(base, 380)); // third nearest: only wave 2 would reach it
    const { sighting } = await t.sighting(t.as(dispatcher), base, { observedAt: new Date(clock.now()).toISOString() });
    const dispatch = await expectOk<Dispatch>(
      t.as(dispatcher).post(`/api/sightings/${sighting.id}/dispatches`, { needs: [{ capability: 'verifier', count: 1 }] }),
      201,
    );
    await expectOk(t.as(a).post(`/api/pings/${dispatch.pings[0]!.id}/ack`, { status: 'accepted' }));
    await clock.tick(61_000);
    await clock.tick(200_000);
    const after = await get(dispatch.id);
    expect(after).toMatchObject({ status: 'filled', wave: 1 });
    expect(after.pings.map((p) => [p.alias, p.status])).toEqual([
      ['a', 'accepted'],
      ['b', 'covered'],
    ]);
  });

  it('resumes after a restart mid-dispatch, at the right time, without pinging anyone twice', async () => {
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 800));
    const responders: TestAccount[] = [];
    for (const alias of ['r1', 'r2', 'r3', 'r4', 'r5']) responders.push(await t.account('responder', { onDuty: true, zones: [zone], alias }));
    // The test clock is minutes ahead by now; "observed" is checked against the wall clock, and only zone members are asked here.
    const { sighting } = await t.sighting(t.as(dispatcher), base);
    const dispatch = await expectOk<Dispatch>(
      t.as(dispatcher).post(`/api/sightings/${sighting.id}/dispatches`, { needs: [{ capability: 'verifier', count: 2 }] }),
      201,
    );
    expect(dispatch.pings.map((p) => p.alias)).toEqual(['r1', 'r2', 'r3']);

    await clock.tick(30_000);
    await t.restart(); // memory is gone (live locations, roster reloaded); the wake-up job is in PostgreSQL
    expect((await get(dispatch.id)).wave).toBe(1);
    const wave2 = await tickToWave(dispatch.id, 30_000, 2);
    expect(wave2.pings.filter((p) => p.wave === 2).map((p) => p.alias)).toEqual(['r4', 'r5']);
    const { rows } = await t.db.query('SELECT responder_id, count(*)::int AS n FROM pings WHERE dispatch_id = $1 GROUP BY responder_id', [dispatch.id]);
    expect(rows.map((r) => r.n)).toEqual([1, 1, 1, 1, 1]);
    expect(rows.map((r) => r.responder_id).sort()).toEqual(responders.map((r) => r.user.responderId).sort());
  });
});

/** What a verdict changes in a dispatch still asking (its own app: the clock starts at the wall clock's time). */
describe('escalation after a verdict', () => {
  let t: TestApp;
  let clock: TestClock;
  let dispatcher: TestAccount;

  beforeAll(async () => ({ t, clock, dispatcher } = await startOnTestClock()));
  afterAll(() => t.close());
  const { locate, get, tickToWave } = steps(() => ({ t, clock, dispatcher }));

  it('stops asking for verifiers once the incident has a verdict, and goes on asking for a legal observer', async () => {
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 800));
    const responder = async (alias: string, metres: number | null, capabilities: Capability[] = ['verifier']) => {
      const account = await t.account('responder', { onDuty: true, alias, capabilities, zones: metres === null ? [zone] : [] });
      if (metres !== null) await locate(account, offset(base, metres));
      return account;
    };
    const v1 = await responder('v-1', 60);
    await responder('v-2', 70);
    await responder('v-3', 80);
    const lo1 = await responder('lo-1', 90, ['legal_observer']);
    await responder('lo-2', 100, ['legal_observer']);
    // Zone members without a shared location: wave 1's nearest few are full, so only wave 2 would ask them.
    await responder('v-zone', null);
    await responder('lo-zone', null, ['legal_observer']);

    const { sighting } = await t.sighting(t.as(dispatcher), base, { observedAt: new Date(clock.now()).toISOString() });
    const dispatch = await expectOk<Dispatch>(
      t.as(dispatcher).post(`/api/sightings/${sighting.id}/dispatches`, {
        needs: [
          { capability: 'verifier', count: 2 },
          { capability: 'legal_observer', count: 1 },
        ],
      }),
      201,
    );
    expect(dispatch.pings.map((p) => p.alias).sort()).toEqual(['lo-1', 'lo-2', 'v-1', 'v-2', 'v-3']);
    const pingOf = (alias: string) => dispatch.pings.find((p) => p.alias === alias)!;
    await expectOk(t.as(v1).post(`/api/pings/${pingOf('v-1').id}/ack`, { status: 'accepted' }));

    // A dispatcher confirms it (say, from a photo): the verifiers who had not answered are told they are covered.
    const log = await t.socket(dispatcher);
    const { incident } = await expectOk<{ incident: { version: number } }>(t.as(dispatcher).get(`/api/incidents/${sighting.incidentId}`));
    await expectOk(t.as(dispatcher).post(`/api/incidents/${sighting.incidentId}/status`, { status: 'confirmed', reason: 'photo', version: incident.version }));
    const settled = await log.next('dispatch.updated', (d) => d.id === dispatch.id && d.pings.some((p) => p.alias === 'v-2' && p.status === 'covered'), 5000);
    expect(Object.fromEntries(settled.pings.map((p) => [p.alias, p.status]))).toEqual({
      'v-1': 'accepted',
      'v-2': 'covered',
      'v-3': 'covered',
      'lo-1': 'pending',
      'lo-2': 'pending',
    });
    expect(settled.status).toBe('active'); // the legal observer is still missing

    // Wave 2 asks the zone's legal observer, and no verifier.
    const wave2 = await tickToWave(dispatch.id, 60_000, 2);
    expect(wave2.pings.filter((p) => p.wave === 2).map((p) => p.alias)).toEqual(['lo-zone']);
    // A verifier going who drops out is not replaced either.
    await expectOk(t.as(v1).post(`/api/pings/${pingOf('v-1').id}/ack`, { status: 'declined' }));
    expect((await get(dispatch.id)).pings.map((p) => p.alias)).not.toContain('v-zone');
    // A legal observer going fills it; the others still asked are covered.
    await expectOk(t.as(lo1).post(`/api/pings/${pingOf('lo-1').id}/ack`, { status: 'accepted' }));
    const filled = await get(dispatch.id);
    expect(filled.status).toBe('filled');
    expect(filled.pings.filter((p) => p.status === 'pending')).toEqual([]);
  });
});

describe('escalation on the system clock', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0', WAVE_2_AFTER_SECONDS: '1' });
  });
  afterAll(() => t.close());

  it('fires the next wave from the real job queue when it comes due', async () => {
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 800));
    for (const alias of ['s1', 's2', 's3']) await t.account('responder', { onDuty: true, zones: [zone], alias });
    const dispatcher = await t.account('dispatcher');
    const log = await t.socket(dispatcher);
    const { sighting } = await t.sighting(dispatcher.api, base);
    const dispatch = await expectOk<Dispatch>(
      dispatcher.api.post(`/api/sightings/${sighting.id}/dispatches`, { needs: [{ capability: 'verifier', count: 1 }] }),
      201,
    );
    expect(dispatch.pings.map((p) => p.alias)).toEqual(['s1', 's2']);
    const wave2 = await log.next('dispatch.updated', (d) => d.id === dispatch.id && d.wave === 2, 6000);
    expect(wave2.pings.filter((p) => p.wave === 2).map((p) => p.alias)).toEqual(['s3']);
  });
});

describe('an escalation wave with a cap', () => {
  let t: TestApp;
  let clock: TestClock;
  afterAll(() => t.close());

  it('asks at most WAVE_MAX_PINGS per need in each wave, nearest first', async () => {
    clock = new TestClock(Date.now());
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0', WAVE_MAX_PINGS: '2' }, { clock });
    const dispatcher = await t.account('dispatcher');
    const base = freshBase();
    const members = [];
    for (let i = 1; i <= 6; i += 1) members.push(await t.account('responder', { onDuty: true, alias: `member-${i}` }));
    for (const [i, r] of members.entries()) await expectOk(t.as(r).put('/api/responders/me/location', { coordinates: offset(base, 20 * (i + 1)) }));
    const { sighting } = await t.sighting(t.as(dispatcher), base, { observedAt: new Date(clock.now()).toISOString() });
    const dispatch = await expectOk<Dispatch>(
      t.as(dispatcher).post(`/api/sightings/${sighting.id}/dispatches`, { needs: [{ capability: 'verifier', count: 1 }] }),
      201,
    );
    expect(dispatch.pings.map((p) => p.alias)).toEqual(['member-1', 'member-2']); // wave 1: 1 × 1.5, rounded up
    const log = await t.socket(dispatcher);
    await clock.tick(60_000);
    const wave2 = await log.next('dispatch.updated', (d) => d.id === dispatch.id && d.wave === 2, 5000);
    expect(wave2.pings.filter((p) => p.wave === 2).map((p) => p.alias)).toEqual(['member-3', 'member-4']); // four left in reach, two asked
  });
});
