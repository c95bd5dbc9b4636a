import type { IncidentView } from '@centinela/contracts';
import { type Tx, UnitOfWork } from '../../apps/api/src/database/unit-of-work.js';
import { ClaimsService } from '../../apps/api/src/incidents/claims.service.js';
import { IncidentPlacement, type PlacedSighting } from '../../apps/api/src/incidents/incident-placement.js';
import { IncidentsService } from '../../apps/api/src/incidents/incidents.service.js';
import { freshBase, offset } from '../support/geo.js';
import { MediumApp } from './medium-app.js';

/** Thrown to roll a transaction back with what it found. */
class RolledBack extends Error {
  constructor(readonly placed: PlacedSighting) {
    super('rolled back on purpose');
  }
}

/**
 * Which incident a sighting joins (IncidentPlacement.placeIn, called by the intake, SightingsService): the nearest
 * live one within GROUP_DISTANCE_METERS (300) whose latest observation is within GROUP_WINDOW_MINUTES (45) either
 * side, never a false alarm, never across drill and real; and IncidentsService.merge, which joins two by hand.
 */
describe('placing sightings in incidents, and merging incidents', () => {
  let m: MediumApp;
  let incidents: IncidentsService;
  beforeAll(async () => {
    m = await MediumApp.start({ AUTO_DISPATCH_VERIFIERS: '0' });
    incidents = m.get(IncidentsService);
  });
  afterAll(() => m.close());

  const MIN = 60_000;
  const incidentOf = async (at: [number, number], minutesAgo = 0) => (await m.build.sighting(at, { minutesAgo })).sighting.incidentId;
  /** Where placeIn would put a sighting, in a transaction rolled back afterwards (nothing stays). */
  const wouldPlace = async (point: [number, number], observedAt: Date, drill = false): Promise<PlacedSighting> => {
    const place = async (tx: Tx) => {
      throw new RolledBack(await m.get(IncidentPlacement).placeIn(tx, point, observedAt, drill));
    };
    try {
      await m.get(UnitOfWork).run(place);
    } catch (error) {
      if (error instanceof RolledBack) return error.placed;
      throw error;
    }
    throw new Error('placeIn returned without rolling back');
  };
  const joins = async (incidentId: string, point: [number, number], observedAt: Date, drill = false) => {
    const placed = await wouldPlace(point, observedAt, drill);
    return !placed.opened && placed.incidentId === incidentId;
  };

  it('joins within 300 m and 45 minutes either side of the incident’s latest observation, and no further', async () => {
    const base = freshBase();
    const id = await incidentOf(base, 30);
    const last = Date.parse((await incidents.get(id)).incident.lastObservedAt);
    expect(await joins(id, offset(base, 290), new Date(last))).toBe(true);
    expect(await joins(id, offset(base, 0, -310), new Date(last))).toBe(false);
    expect(await joins(id, offset(base, 100), new Date(last + 45 * MIN))).toBe(true);
    expect(await joins(id, offset(base, 100), new Date(last + 45 * MIN + 1))).toBe(false);
    expect(await joins(id, offset(base, 100), new Date(last - 45 * MIN))).toBe(true);
    expect(await joins(id, offset(base, 100), new Date(last - 45 * MIN - 1))).toBe(false);
    const opened = await wouldPlace(offset(base, 400), new Date(last));
    expect(opened).toMatchObject({ opened: true, incident: { status: 'reported', drill: false } });
    const listed = await incidents.list({ all: true, since: new Date(last - 60 * MIN).toISOString(), limit: 500 });
    expect(listed.map((v) => v.incident.id)).not.toContain(opened.incidentId); // rolled back
  });

  it('follows the latest sighting: a chain of reports moves the incident, an older report moves nothing', async () => {
    const base = freshBase();
    const first = await m.build.sighting(base, { minutesAgo: 40 });
    const id = first.sighting.incidentId;
    const second = await m.build.sighting(offset(base, 250), { minutesAgo: 10 });
    expect(second.sighting.incidentId).toBe(id);
    // 500 m from the first report, 250 m from the second: the incident is where the second is now.
    const third = await m.build.sighting(offset(base, 500));
    expect(third.sighting.incidentId).toBe(id);
    const older = await m.build.sighting(offset(base, 500, 100), { minutesAgo: 44 });
    expect(older.sighting.incidentId).toBe(id);
    const { incident, sightings } = await incidents.get(id);
    expect(incident.location.coordinates).toEqual(third.sighting.location.coordinates);
    expect(incident.lastObservedAt).toBe(third.sighting.observedAt);
    expect(incident.sources.total).toBe(4);
    expect(sightings.map((s) => s.id).sort()).toEqual([first, second, third, older].map((s) => s.sighting.id).sort());
    // 50 minutes before its latest observation, a few metres from it: another incident.
    expect(await incidentOf(offset(base, 500, -20), 50)).not.toBe(id);
  });

  it('never joins a false alarm or an incident off the live map', async () => {
    const base = freshBase();
    const user = await m.build.dispatcher();
    const dismissed = await incidentOf(base);
    const resolved = await incidentOf(offset(base, 0, 5_000));
    const v = (await incidents.get(dismissed)).incident.version;
    await incidents.changeStatus(user, dismissed, { status: 'false_alarm', reason: 'a tow truck', version: v });
    const confirmed = await incidents.changeStatus(user, resolved, {
      status: 'confirmed',
      reason: 'seen',
      version: (await incidents.get(resolved)).incident.version,
    });
    await incidents.changeStatus(user, resolved, { status: 'resolved', reason: 'gone', version: confirmed.incident.version });
    expect(await incidentOf(offset(base, 20))).not.toBe(dismissed);
    expect(await incidentOf(offset(base, 20, 5_000))).not.toBe(resolved);
  });

  it('keeps drills and real incidents apart: placed apart, and refused when merged by hand', async () => {
    const base = freshBase();
    const real = await incidentOf(base);
    const drill = await m.build.drillSighting(offset(base, 20));
    const drillId = drill.sighting.incidentId;
    expect(drillId).not.toBe(real);
    expect((await incidents.get(drillId)).incident.drill).toBe(true);
    expect((await m.build.drillSighting(offset(base, 40))).sighting.incidentId).toBe(drillId);
    // The drill incident sits at its latest sighting, 40 m: 10 m from here, the real one 30 m; the real one it is.
    expect(await incidentOf(offset(base, 30))).toBe(real);
    // A drill 10 m from the real incident goes to the drill's, 30 m further.
    expect(await wouldPlace(offset(base, 10), new Date(), true)).toMatchObject({ opened: false, incidentId: drillId });

    const [a, b] = [(await incidents.get(real)).incident, (await incidents.get(drillId)).incident];
    const merging = incidents.merge(await m.build.dispatcher(), real, { otherIncidentId: drillId, version: a.version, otherVersion: b.version });
    await expect(merging).rejects.toMatchObject({ code: 'conflict', reason: 'merge.drillWithReal' });
    expect((await incidents.get(drillId)).incident.mergedInto).toBeNull();
  });

  it('merges by hand: the other’s sightings move over, its claim ends, it leaves the live map; a stale version is refused', async () => {
    const user = await m.build.dispatcher();
    const target = await incidentOf(freshBase(), 5);
    const other = await incidentOf(freshBase());
    await m.get(ClaimsService).claim(user, other);
    const [t, o] = [(await incidents.get(target)).incident, (await incidents.get(other)).incident];
    const stale = incidents.merge(user, target, { otherIncidentId: other, version: t.version, otherVersion: o.version - 1 });
    await expect(stale).rejects.toMatchObject({ code: 'conflict', reason: 'incident.changed' });

    const merged: IncidentView = await incidents.merge(user, target, { otherIncidentId: other, version: t.version, otherVersion: o.version });
    expect(merged.sightings).toHaveLength(2);
    // The merged incident sits where and when its latest sighting is: the other's.
    expect(merged.incident.lastObservedAt).toBe(o.lastObservedAt);
    expect(merged.incident.location).toEqual(o.location);
    expect((await incidents.get(other)).incident).toMatchObject({ mergedInto: target, claim: null });
    await expect(m.get(ClaimsService).claim(user, other)).rejects.toMatchObject({ reason: 'incident.notLive' });
  });
});
