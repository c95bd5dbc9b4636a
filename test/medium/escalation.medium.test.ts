import type { AckPing, Dispatch, PingSummary } from '@centinela/contracts';
import { TestClock } from 'pg-boss';
import { DispatchService } from '../../apps/api/src/dispatch/dispatch.service.js';
import { Escalation } from '../../apps/api/src/dispatch/escalation.js';
import { IncidentsService } from '../../apps/api/src/incidents/incidents.service.js';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { type BuiltResponder, nameOf } from './builders.js';
import { MediumApp } from './medium-app.js';

/**
 * Escalation driven directly: a dispatch started through the incidents service, `Escalation.wake` called as its job
 * would be once the clock says so (the clock is never ticked here, so no job runs on its own), answers through
 * DispatchService.acknowledge, verdicts through IncidentsService.changeStatus. Waves 2–4 come 60, 90 and 120 s apart.
 */
describe('Escalation', () => {
  let m: MediumApp;
  let clock: TestClock;
  beforeAll(async () => {
    clock = new TestClock(Date.now());
    m = await MediumApp.start({ AUTO_DISPATCH_VERIFIERS: '0' }, { clock });
  });
  afterAll(() => m.close());

  const get = (id: string) => m.get(DispatchService).get(id);
  const wake = (id: string) => m.get(Escalation).wake(id);
  const later = (ms: number) => clock.setTime(clock.now() + ms);
  const pingOf = (d: Dispatch, r: BuiltResponder) => d.pings.find((p) => p.responderId === r.id)!;
  const answer = (d: Dispatch, r: BuiltResponder, status: AckPing['status']) => m.get(DispatchService).acknowledge(r.id, pingOf(d, r).id, { status }, null);
  /** The names of a dispatch's pings (of one wave, if given), among this test's responders, sorted. */
  const asked = (d: Dispatch, mine: BuiltResponder[], wave?: number) => {
    const ids = new Set(mine.map((r) => r.id));
    return d.pings
      .filter((p) => ids.has(p.responderId) && (wave === undefined || p.wave === wave))
      .map(nameOf)
      .sort();
  };
  const statuses = (d: Dispatch) => Object.fromEntries(d.pings.map((p: PingSummary) => [nameOf(p), p.status]));

  it('starts with the nearest 1.5× each need, asks nobody twice across needs, and makes the incident verifying', async () => {
    const base = freshBase();
    const people = await m.build.responders(
      { alias: 'both', at: offset(base, 10), capabilities: ['verifier', 'legal_observer'] },
      { alias: 'v-50', at: offset(base, 50) },
      { alias: 'lo-60', at: offset(base, 60), capabilities: ['legal_observer'] },
      { alias: 'v-100', at: offset(base, 100) },
      { alias: 'lo-120', at: offset(base, 120), capabilities: ['legal_observer'] },
      { alias: 'v-150', at: offset(base, 150) },
      { alias: 'lo-180', at: offset(base, 180), capabilities: ['legal_observer'] },
    );
    const sighting = await m.build.sighting(base);
    const dispatch = await m.build.dispatch(sighting, { capability: 'verifier', count: 2 }, { capability: 'legal_observer', count: 1 });
    expect(dispatch).toMatchObject({ wave: 1, status: 'active' });
    expect(dispatch.pings.map((p) => [nameOf(p), p.capability, p.wave])).toEqual([
      ['both', 'verifier', 1],
      ['v-50', 'verifier', 1],
      ['lo-60', 'legal_observer', 1],
      ['v-100', 'verifier', 1],
      ['lo-120', 'legal_observer', 1],
    ]);
    expect(asked(dispatch, people)).not.toContain('v-150');
    expect(Date.parse(dispatch.nextWaveAt!) - clock.now()).toBe(60_000);
    expect((await m.get(IncidentsService).get(sighting.sighting.incidentId)).incident.status).toBe('verifying');
  });

  it('wakes to nothing before the next wave is due, then widens wave by wave until everyone on duty is asked', async () => {
    const base = freshBase();
    const zone = await m.build.zone(squareAround(base, 800));
    const touching = await m.build.zone(squareAround(offset(base, 0, 1600), 800));
    const people = await m.build.responders(
      { alias: 'v-50', at: offset(base, 50) },
      { alias: 'v-100', at: offset(base, 100) },
      { alias: 'v-150', at: offset(base, 150) },
      { alias: 'v-300', at: offset(base, -300) }, // 281 s: inside what is left of the window at wave 2 (360 s)
      { alias: 'v-400', at: offset(base, 0, 400) }, // 374 s: not at wave 2; within wave 3's 10 minutes
      { alias: 'member', zones: [zone], onDuty: true },
      { alias: 'touching-member', zones: [touching], onDuty: true },
      { alias: 'car-3000', at: offset(base, 0, -3000), travelMode: 'car' }, // 468 s
      { alias: 'anyone', onDuty: true },
      { alias: 'off-duty', zones: [zone] },
    );
    const dispatch = await m.build.dispatch(await m.build.sighting(base), { capability: 'verifier', count: 2 });
    expect(asked(dispatch, people)).toEqual(['v-100', 'v-150', 'v-50']);

    await later(59_000);
    await wake(dispatch.id);
    expect(await get(dispatch.id)).toMatchObject({ wave: 1, pings: dispatch.pings });

    await later(1_000);
    await wake(dispatch.id);
    const wave2 = await get(dispatch.id);
    expect(wave2.wave).toBe(2);
    expect(asked(wave2, people, 2)).toEqual(['member', 'v-300']);
    expect(Date.parse(wave2.nextWaveAt!) - clock.now()).toBe(90_000);
    await wake(dispatch.id); // a second wake-up for the same wave (a retried job) changes nothing
    expect((await get(dispatch.id)).pings).toHaveLength(wave2.pings.length);

    await later(90_000);
    await wake(dispatch.id);
    expect(asked(await get(dispatch.id), people, 3)).toEqual(['car-3000', 'touching-member', 'v-400']);

    await later(120_000);
    await wake(dispatch.id);
    const wave4 = await get(dispatch.id);
    expect(wave4).toMatchObject({ wave: 4, status: 'unfilled', nextWaveAt: null });
    expect(asked(wave4, people, 4)).toEqual(['anyone']);
    expect(asked(wave4, people)).not.toContain('off-duty');
    expect(new Set(wave4.pings.map((p) => p.responderId)).size).toBe(wave4.pings.length);
  });

  it('after a verdict, covers the verifiers not yet answering; a verifier-only dispatch is filled and wakes to nothing', async () => {
    const base = freshBase();
    const zone = await m.build.zone(squareAround(base, 800));
    const people = await m.build.responders(
      { alias: 'v-1', at: offset(base, 50) },
      { alias: 'v-2', at: offset(base, 60) },
      { alias: 'v-3', at: offset(base, 70) },
      { alias: 'v-zone', zones: [zone], onDuty: true },
    );
    const sighting = await m.build.sighting(base);
    const dispatch = await m.build.dispatch(sighting, { capability: 'verifier', count: 2 });
    await answer(dispatch, people[0]!, 'accepted');
    await verdict(sighting.sighting.incidentId, 'unverifiable');

    const after = await get(dispatch.id);
    expect(statuses(after)).toEqual({ 'v-1': 'accepted', 'v-2': 'covered', 'v-3': 'covered' });
    expect(after).toMatchObject({ status: 'filled', nextWaveAt: null });
    await later(60_000);
    await wake(dispatch.id);
    expect(await get(dispatch.id)).toMatchObject({ wave: 1, status: 'filled', pings: after.pings });
  });

  it('after a verdict, goes on asking for the other needs, and replaces no verifier who drops out', async () => {
    const base = freshBase();
    const zone = await m.build.zone(squareAround(base, 800));
    const people = await m.build.responders(
      { alias: 'v-1', at: offset(base, 50) },
      { alias: 'v-2', at: offset(base, 60) },
      { alias: 'v-3', at: offset(base, 70) },
      { alias: 'lo-1', at: offset(base, 80), capabilities: ['legal_observer'] },
      { alias: 'lo-2', at: offset(base, 90), capabilities: ['legal_observer'] },
      { alias: 'v-zone', zones: [zone], onDuty: true },
      { alias: 'lo-zone', zones: [zone], onDuty: true, capabilities: ['legal_observer'] },
    );
    const [v1, , , lo1] = people;
    const sighting = await m.build.sighting(base);
    const dispatch = await m.build.dispatch(sighting, { capability: 'verifier', count: 2 }, { capability: 'legal_observer', count: 1 });
    await answer(dispatch, v1!, 'accepted');
    await verdict(sighting.sighting.incidentId, 'confirmed');
    const after = await get(dispatch.id);
    expect(statuses(after)).toEqual({ 'v-1': 'accepted', 'v-2': 'covered', 'v-3': 'covered', 'lo-1': 'pending', 'lo-2': 'pending' });
    expect(after.status).toBe('active');

    await later(60_000);
    await wake(dispatch.id);
    expect(asked(await get(dispatch.id), people, 2)).toEqual(['lo-zone']);
    await answer(dispatch, v1!, 'declined');
    expect(asked(await get(dispatch.id), people)).not.toContain('v-zone');
    await answer(dispatch, lo1!, 'accepted');
    const filled = await get(dispatch.id);
    expect(filled.status).toBe('filled');
    expect(filled.pings.filter((p) => p.status === 'pending')).toEqual([]);
  });

  it('replaces a decline with the next nearest at once, and reopens a filled dispatch when someone going drops out', async () => {
    const base = freshBase();
    const people = await m.build.responders(
      { alias: 'v-50', at: offset(base, 50) },
      { alias: 'v-100', at: offset(base, 100) },
      { alias: 'v-150', at: offset(base, 150) },
      { alias: 'v-200', at: offset(base, 200) },
    );
    const [v50, v100] = people;
    const dispatch = await m.build.dispatch(await m.build.sighting(base), { capability: 'verifier', count: 1 });
    expect(asked(dispatch, people)).toEqual(['v-100', 'v-50']);

    await answer(dispatch, v50!, 'declined');
    const replaced = await get(dispatch.id);
    expect(replaced.pings.map((p) => [nameOf(p), p.wave, p.status])).toEqual([
      ['v-50', 1, 'declined'],
      ['v-100', 1, 'pending'],
      ['v-150', 1, 'pending'],
    ]);

    await answer(dispatch, v100!, 'accepted');
    expect(await get(dispatch.id)).toMatchObject({ status: 'filled', nextWaveAt: null });
    expect(statuses(await get(dispatch.id))).toMatchObject({ 'v-150': 'covered' });

    await later(30_000);
    await answer(dispatch, v100!, 'declined');
    const reopened = await get(dispatch.id);
    expect(reopened).toMatchObject({ status: 'active', wave: 1 });
    expect(asked(reopened, people)).toEqual(['v-100', 'v-150', 'v-200', 'v-50']);
    // The next wave counts from the reopening, not from the start.
    expect(Date.parse(reopened.nextWaveAt!) - clock.now()).toBe(60_000);
  });

  async function verdict(incidentId: string, status: 'confirmed' | 'unverifiable') {
    const incidents = m.get(IncidentsService);
    const { incident } = await incidents.get(incidentId);
    await incidents.changeStatus(await m.build.dispatcher(), incidentId, { status, reason: 'a photo', version: incident.version });
  }
});
