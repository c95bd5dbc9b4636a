import type { Responder } from '@centinela/contracts';
import { UnitOfWork } from '../../apps/api/src/database/unit-of-work.js';
import { LiveLocations } from '../../apps/api/src/responders/live-locations.js';
import type { ResponderProfile } from '../../apps/api/src/responders/responders.repository.js';
import { RespondersService } from '../../apps/api/src/responders/responders.service.js';
import { Roster } from '../../apps/api/src/responders/roster.js';
import { UsersService } from '../../apps/api/src/users/users.service.js';
import { ZonesService } from '../../apps/api/src/zones/zones.service.js';
import { freshBase, offset, squareAround } from '../support/geo.js';
import type { BuiltResponder } from './builders.js';
import { MediumApp } from './medium-app.js';

/**
 * The in-memory roster dispatch selects from: it must follow every committed change made through the services
 * (duty, profile, zone membership from either side, access ended, accounts deleted), and `reload()` must make it the
 * database's again.
 */
describe('Roster', () => {
  let m: MediumApp;
  let roster: Roster;
  let responders: RespondersService;
  let zones: ZonesService;
  beforeAll(async () => {
    m = await MediumApp.start();
    roster = m.get(Roster);
    responders = m.get(RespondersService);
    zones = m.get(ZonesService);
  });
  afterAll(() => m.close());

  /** A profile with its zones in a stable order (the roster appends, the database sorts). */
  const normal = ({ location: _location, ...p }: ResponderProfile & { location?: Responder['location'] }) => ({ ...p, zoneIds: [...p.zoneIds].sort() });
  const profile = (r: BuiltResponder) => {
    const p = roster.get(r.id);
    return p && normal(p);
  };
  const onDutyIn = (...zoneIds: string[]) => new Set(roster.onDutyIn(zoneIds).map((p) => p.id));
  const onDuty = (r: BuiltResponder) => roster.onDuty().some((p) => p.id === r.id);

  it('has a new responder at once, off duty, and follows duty, capabilities and travel mode', async () => {
    const r = await m.build.responder({ alias: 'cyclist', capabilities: ['verifier'], travelMode: 'bike' });
    expect(profile(r)).toEqual({
      id: r.id,
      alias: r.alias,
      onDuty: false,
      accessEnded: false,
      capabilities: ['verifier'],
      languages: [],
      travelMode: 'bike',
      zoneIds: [],
    });
    expect(onDuty(r)).toBe(false);
    await responders.updateMine(r.id, { onDuty: true, languages: ['es'] });
    expect(onDuty(r)).toBe(true);
    await responders.update(r.id, { capabilities: ['legal_observer', 'driver'], travelMode: 'car' });
    expect(profile(r)).toMatchObject({ onDuty: true, languages: ['es'], capabilities: ['legal_observer', 'driver'], travelMode: 'car' });
    await responders.updateMine(r.id, { onDuty: false });
    expect(onDuty(r)).toBe(false);
  });

  it('follows zone membership set from the zone’s side and from the responder’s, and zones deleted', async () => {
    const base = freshBase();
    const z1 = await m.build.zone(squareAround(base, 500));
    const z2 = await m.build.zone(squareAround(offset(base, 2000), 500));
    const [a, b, c] = await m.build.responders({ alias: 'a', onDuty: true }, { alias: 'b', onDuty: true }, { alias: 'c-off-duty' });

    await zones.assignResponders(z1.id, { responderIds: [a!.id, b!.id, c!.id] });
    expect(onDutyIn(z1.id)).toEqual(new Set([a!.id, b!.id])); // c is a member, but off duty
    expect(profile(c!)!.zoneIds).toEqual([z1.id]);

    await responders.update(a!.id, { zoneIds: [z2.id] });
    expect(onDutyIn(z1.id)).toEqual(new Set([b!.id]));
    expect(onDutyIn(z2.id)).toEqual(new Set([a!.id]));

    await zones.assignResponders(z1.id, { responderIds: [a!.id] }); // replaces the members: b and c leave
    expect(onDutyIn(z1.id)).toEqual(new Set([a!.id]));
    expect(profile(a!)!.zoneIds).toEqual([z1.id, z2.id].sort());
    expect([profile(b!)!.zoneIds, profile(c!)!.zoneIds]).toEqual([[], []]);

    await zones.delete(z2.id);
    expect(profile(a!)!.zoneIds).toEqual([z1.id]);
    expect(onDutyIn(z2.id)).toEqual(new Set());
  });

  it('takes a responder whose access ended off duty (restoring it does not put them back), and drops deleted accounts', async () => {
    const coordinator = await m.build.user('coordinator');
    const users = m.get(UsersService);
    const r = await m.build.responder({ alias: 'seized-phone', at: freshBase() });
    expect(onDuty(r)).toBe(true);

    await users.endAccess(r.userId, coordinator.id);
    expect(profile(r)).toMatchObject({ onDuty: false, accessEnded: true });
    expect(onDuty(r)).toBe(false);
    expect(m.get(LiveLocations).get(r.id)).toBeNull();

    await users.restoreAccess(r.userId, coordinator.id);
    expect(profile(r)).toMatchObject({ onDuty: false, accessEnded: false });

    await users.deleteAccount(r.userId, coordinator.id);
    expect(roster.get(r.id)).toBeUndefined();
  });

  it('matches the database after every change above, and reload() makes it match again after changes it never heard of', async () => {
    const zone = await m.build.zone(squareAround(freshBase(), 500));
    const [x, y] = await m.build.responders({ alias: 'x', onDuty: true, zones: [zone] }, { alias: 'y', zones: [zone] });
    const expectMatch = async () => {
      const truth = await responders.list();
      expect(truth.length).toBeGreaterThan(5);
      for (const p of truth) expect(profile({ id: p.id } as BuiltResponder)).toEqual(normal(p));
      expect(new Set(roster.onDuty().map((p) => p.id))).toEqual(new Set(truth.filter((p) => p.onDuty).map((p) => p.id)));
    };
    await expectMatch();

    // As if another API process had changed them and its notification were lost: written without a service.
    const db = m.get(UnitOfWork).db;
    await db.query('UPDATE responders SET on_duty = NOT on_duty, travel_mode = $2 WHERE id = $1', [x!.id, 'transit']);
    await db.query('DELETE FROM zone_responders WHERE responder_id = $1', [y!.id]);
    expect(profile(x!)).toMatchObject({ onDuty: true, travelMode: 'walk' });
    expect(profile(y!)!.zoneIds).toEqual([zone.id]);

    await roster.reload();
    expect(profile(x!)).toMatchObject({ onDuty: false, travelMode: 'transit' });
    expect(profile(y!)!.zoneIds).toEqual([]);
    expect(onDutyIn(zone.id)).toEqual(new Set());
    await expectMatch();
  });
});
