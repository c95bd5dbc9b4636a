import type { IncidentView } from '@centinela/contracts';
import { TestClock } from 'pg-boss';
import type { AuthUser } from '../../apps/api/src/auth/token.service.js';
import { ClaimsService } from '../../apps/api/src/incidents/claims.service.js';
import { IncidentsService } from '../../apps/api/src/incidents/incidents.service.js';
import { freshBase } from '../support/geo.js';
import { MediumApp } from './medium-app.js';

/**
 * Claims ("I am handling this"): held against other dispatchers until idle for CLAIM_IDLE_MINUTES (10) — an edit by
 * the claimer keeps it alive — released by the claimer or a coordinator, by the sweeper once idle, and at sign-out.
 * The clock only moves by `setTime` (which fires nothing), so the sweeper never runs on its own here.
 */
describe('ClaimsService', () => {
  let m: MediumApp;
  let clock: TestClock;
  let claims: ClaimsService;
  let incidents: IncidentsService;
  beforeAll(async () => {
    clock = new TestClock(Date.now());
    m = await MediumApp.start({ AUTO_DISPATCH_VERIFIERS: '0' }, { clock });
    claims = m.get(ClaimsService);
    incidents = m.get(IncidentsService);
  });
  afterAll(() => m.close());

  const IDLE_MS = 10 * 60_000;
  const later = (ms: number) => clock.setTime(clock.now() + ms);
  const newIncident = async () => (await m.build.sighting(freshBase())).sighting.incidentId;
  const claimOf = async (id: string) => (await incidents.get(id)).incident.claim?.userId ?? null;
  const refused = (work: Promise<unknown>, code: string, reason: string) => expect(work).rejects.toMatchObject({ code, reason });
  /** An edit that goes through IncidentsService's edit path (which keeps its editor's claim alive). */
  const edit = async (user: AuthUser, id: string, status: 'verifying' | 'reported') => {
    const { incident } = await incidents.get(id);
    return incidents.changeStatus(user, id, { status, reason: 'calling back', version: incident.version });
  };

  it('holds a claim against another dispatcher (409 with the current state), not against its claimer', async () => {
    const [a, b] = [await m.build.user('dispatcher'), await m.build.user('dispatcher')];
    const id = await newIncident();
    const claimed = await claims.claim(a, id);
    expect(claimed.incident.claim).toEqual({ userId: a.id, username: a.username, activeAt: new Date(clock.now()).toISOString() });

    const error = (await claims.claim(b, id).then(
      () => null,
      (e: unknown) => e,
    )) as { code: string; reason: string; current: IncidentView } | null;
    expect(error).toMatchObject({ code: 'conflict', reason: 'claim.heldByOther' });
    expect(error?.current.incident.claim?.userId).toBe(a.id);
    await later(60_000);
    expect((await claims.claim(a, id)).incident.claim!.activeAt).toBe(new Date(clock.now()).toISOString());
    expect((await incidents.timeline(id)).filter((e) => e.kind === 'claimed').map((e) => e.actor)).toEqual([a.username, a.username]);
  });

  it('lets another take it over only after 10 idle minutes; the claimer’s edits keep it alive, others’ do not', async () => {
    const [a, b] = [await m.build.user('dispatcher'), await m.build.user('dispatcher')];
    const kept = await newIncident();
    const left = await newIncident();
    await claims.claim(a, kept);
    await claims.claim(a, left);
    await later(6 * 60_000);
    await edit(a, kept, 'verifying');
    await edit(b, left, 'verifying');

    await later(IDLE_MS - 6 * 60_000); // `left`: exactly 10 minutes since its claim
    await refused(claims.claim(b, left), 'conflict', 'claim.heldByOther');
    await later(1);
    expect((await claims.claim(b, left)).incident.claim!.userId).toBe(b.id);
    await refused(claims.claim(b, kept), 'conflict', 'claim.heldByOther'); // 4 minutes since a's edit
    await later(6 * 60_000);
    expect((await claims.claim(b, kept)).incident.claim!.userId).toBe(b.id);
  });

  it('is released by its claimer or a coordinator, never by another dispatcher; releasing nothing changes nothing', async () => {
    const [a, b, coordinator] = [await m.build.user('dispatcher'), await m.build.user('dispatcher'), await m.build.user('coordinator')];
    const id = await newIncident();
    await claims.claim(a, id);
    await refused(claims.release(b, id), 'forbidden', 'claim.notYours');
    expect(await claimOf(id)).toBe(a.id);
    expect((await claims.release(coordinator, id)).incident.claim).toBeNull();

    await claims.claim(b, id);
    const released = await claims.release(b, id);
    expect(released.incident.claim).toBeNull();
    expect((await claims.release(a, id)).incident.version).toBe(released.incident.version);
    expect((await incidents.timeline(id)).filter((e) => e.kind === 'released').map((e) => e.actor)).toEqual([coordinator.username, b.username]);
  });

  it('refuses to claim an incident that left the live map', async () => {
    const a = await m.build.user('dispatcher');
    const id = await newIncident();
    const { incident } = await incidents.get(id);
    const confirmed = await incidents.changeStatus(a, id, { status: 'confirmed', reason: 'seen', version: incident.version });
    await incidents.changeStatus(a, id, { status: 'resolved', reason: 'gone', version: confirmed.incident.version });
    await refused(claims.claim(a, id), 'conflict', 'incident.notLive');
  });

  it('releaseIdle releases exactly the claims idle for more than 10 minutes', async () => {
    await later(IDLE_MS + 1);
    await claims.releaseIdle(); // whatever earlier tests left claimed is idle now
    const a = await m.build.user('dispatcher');
    const first = await newIncident();
    const second = await newIncident();
    await claims.claim(a, first);
    await later(5 * 60_000);
    await claims.claim(a, second);

    await later(5 * 60_000); // `first`: exactly 10 minutes
    expect(await claims.releaseIdle()).toBe(0);
    await later(1);
    expect(await claims.releaseIdle()).toBe(1);
    expect([await claimOf(first), await claimOf(second)]).toEqual([null, a.id]);
    await later(5 * 60_000);
    expect(await claims.releaseIdle()).toBe(1);
    expect(await claimOf(second)).toBeNull();
  });

  it('releaseAllOf releases every claim of one user, and only theirs, on the record as signed out', async () => {
    const [a, b] = [await m.build.user('dispatcher'), await m.build.user('dispatcher')];
    const [x, y, z] = [await newIncident(), await newIncident(), await newIncident()];
    await claims.claim(a, x);
    await claims.claim(a, y);
    await claims.claim(b, z);
    await claims.releaseAllOf(a.id);
    expect([await claimOf(x), await claimOf(y), await claimOf(z)]).toEqual([null, null, b.id]);
    const released = (await incidents.timeline(x)).filter((e) => e.kind === 'released');
    expect(released.map((e) => [e.actor, e.detail])).toEqual([['system', { why: 'signed out', whyCode: 'signedOut' }]]);
    expect((await incidents.timeline(z)).filter((e) => e.kind === 'released')).toEqual([]);
  });
});
