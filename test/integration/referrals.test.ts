import type { FollowUp, IncidentReferral, ReferralMatch, ReferralService, TimelineEntry, Weekday } from '@centinela/contracts';
import { TestClock } from 'pg-boss';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { referralService } from '../support/referrals.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

const ZONE = 'America/Chicago';
const local = (ms: number) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: ZONE, weekday: 'short', hour: '2-digit', hourCycle: 'h23' }).formatToParts(ms).map((p) => [p.type, p.value]),
  );
  return { day: parts.weekday!.slice(0, 2).toLowerCase() as Weekday, hour: Number(parts.hour) };
};
const days: Weekday[] = ['su', 'mo', 'tu', 'we', 'th', 'fr', 'sa'];
const shift = (day: Weekday, by: number): Weekday => days[(days.indexOf(day) + by + 7) % 7]!;
const hh = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;

describe('referral directory', () => {
  let t: TestApp;
  let clock: TestClock;
  let coordinator: TestAccount;
  let dispatcher: TestAccount;
  beforeAll(async () => {
    // Half past an hour that leaves room on both sides, so every schedule below is unambiguous.
    const start = new Date();
    start.setUTCMinutes(30, 0, 0);
    while (local(start.getTime()).hour === 0 || local(start.getTime()).hour >= 22) start.setTime(start.getTime() + 3_600_000);
    clock = new TestClock(start);
    t = await TestApp.start({ NETWORK_TIME_ZONE: ZONE, REFERRAL_REVERIFY_DAYS: '90', AUTO_DISPATCH_VERIFIERS: '0' }, { clock });
    coordinator = await t.asCoordinator();
    dispatcher = await t.account('dispatcher');
  });
  afterAll(() => t.close());

  const search = (query: string) => expectOk<ReferralMatch[]>(dispatcher.api.get(`/api/referrals/services?${query}`));

  it('coordinators edit, dispatchers read, responders and strangers get nothing', async () => {
    const responder = await t.account('responder');
    const service = await referralService(coordinator, { needs: ['bond'], languages: ['es', 'EN'], trustNotes: 'Families say they call back within a day.' });
    expect(service.languages).toEqual(['es', 'en']);
    expect(service.lastVerifiedAt).not.toBeNull();

    const read = await expectOk<ReferralService>(dispatcher.api.get(`/api/referrals/services/${service.id}`));
    expect(read.trustNotes).toBe('Families say they call back within a day.');
    expect((await dispatcher.api.post('/api/referrals/organizations', { name: 'Nope' })).status).toBe(403);
    expect((await dispatcher.api.patch(`/api/referrals/services/${service.id}`, { name: 'x' })).status).toBe(403);
    expect((await responder.api.get(`/api/referrals/services/${service.id}`)).status).toBe(403);
    expect((await t.api.get('/api/referrals/organizations')).status).toBe(401);

    const renamed = await expectOk<ReferralService>(coordinator.api.patch(`/api/referrals/services/${service.id}`, { name: 'Bond fund', cost: 'free' }));
    expect([renamed.name, renamed.cost, renamed.needs]).toEqual(['Bond fund', 'free', ['bond']]);
    await expectOk(coordinator.api.delete(`/api/referrals/services/${service.id}`), 204);
    expect((await dispatcher.api.get(`/api/referrals/services/${service.id}`)).status).toBe(404);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const org = await expectOk(coordinator.api.post('/api/referrals/organizations', { name: 'Clinic' }), 201);
    const bad = await coordinator.api.post('/api/referrals/services', {
      organizationId: org.id,
      name: 'Clinic hours',
      languages: ['Spanish!'],
      schedule: [{ days: ['mo'], opens: '9am', closes: '17:00' }],
      needs: ['haircut'],
      surprise: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['languages.0', 'needs.0', 'schedule.0.opens', 'surprise']);
    const noOrg = await coordinator.api.post('/api/referrals/services', { organizationId: '00000000-0000-4000-8000-000000000000', name: 'x' });
    expect(noOrg.body.issues).toEqual([{ path: 'organizationId', message: 'no such organization' }]);
    const halfPlace = await dispatcher.api.get('/api/referrals/services?lon=-87.6');
    expect(halfPlace.body.issues).toEqual([{ path: 'lat', message: 'give both lon and lat, or neither', code: 'required' }]);
    const bowtie = await coordinator.api.put(`/api/referrals/services/${(await referralService(coordinator)).id}/areas`, {
      areas: [
        {
          name: 'bow tie',
          area: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 1],
                [1, 0],
                [0, 1],
                [0, 0],
              ],
            ],
          },
        },
      ],
    });
    expect(bowtie.status).toBe(400);
    expect(bowtie.body.issues[0].path).toMatch(/^areas\.0\.area/);
  });

  it('finds who serves the caller’s place by need and language: inside, on the edge, not outside', async () => {
    const base = freshBase();
    const area = squareAround(base, 1000);
    const [west, south] = area.coordinates[0]![0]!;
    const local = await referralService(coordinator, { needs: ['detained_family'], languages: ['vi', 'en'], areas: [{ name: 'Eastside', area }] });
    const statewide = await referralService(coordinator, {
      needs: ['detained_family'],
      languages: ['vi'],
      areas: [{ name: 'The state', area: squareAround(base, 50_000) }],
    });
    const national = await referralService(coordinator, { needs: ['detained_family'], languages: ['vi'] });
    const otherNeed = await referralService(coordinator, { needs: ['housing'], languages: ['vi'], areas: [{ name: 'Eastside', area }] });
    const otherLanguage = await referralService(coordinator, { needs: ['detained_family'], languages: ['es'], areas: [{ name: 'Eastside', area }] });

    const ids = (matches: ReferralMatch[]) =>
      matches.map((m) => m.service.id).filter((id) => [local.id, statewide.id, national.id, otherNeed.id, otherLanguage.id].includes(id));
    const inside = await search(`need=detained_family&language=vi&lon=${base[0]}&lat=${base[1]}`);
    // The most local area first among equals; a service without areas serves anywhere, ranked after.
    expect(ids(inside)).toEqual([local.id, statewide.id, national.id]);
    expect(inside.find((m) => m.service.id === local.id)).toMatchObject({
      areaName: 'Eastside',
      reasons: expect.arrayContaining(['serves_place', 'speaks_language']),
    });
    expect(inside.find((m) => m.service.id === national.id)!.reasons).toContain('serves_anywhere');

    expect(ids(await search(`need=detained_family&language=vi&lon=${west}&lat=${(south! + base[1]) / 2}`))).toContain(local.id); // on the west edge
    const outside = offset(base, 1500);
    expect(ids(await search(`need=detained_family&language=vi&lon=${outside[0]}&lat=${outside[1]}`))).toEqual([statewide.id, national.id]);
    expect(ids(await search(`need=housing&language=vi&lon=${base[0]}&lat=${base[1]}`))).toEqual([otherNeed.id]);
  });

  it('ranks the network’s go-to first and filters by open now and free or low cost', async () => {
    const now = local(clock.now());
    const need = 'workplace';
    const open = await referralService(coordinator, {
      needs: [need],
      cost: 'paid',
      schedule: [{ days: [now.day], opens: hh(now.hour), closes: hh(now.hour + 1) }],
    });
    const later = await referralService(coordinator, {
      needs: [need],
      cost: 'free',
      schedule: [{ days: [now.day], opens: hh(now.hour + 1), closes: hh(now.hour + 2) }],
    });
    const otherDay = await referralService(coordinator, {
      needs: [need],
      cost: 'sliding',
      schedule: [{ days: [shift(now.day, 1)], opens: hh(now.hour), closes: hh(now.hour + 1) }],
    });
    const overnight = await referralService(coordinator, {
      needs: [need],
      cost: 'low',
      schedule: [{ days: [shift(now.day, -1)], opens: '23:00', closes: hh(now.hour + 1) }],
    });
    const hotline = await referralService(coordinator, { needs: [need], cost: 'free', alwaysOpen: true, preferred: true });

    const all = await search(`need=${need}`);
    expect(all[0]!.service.id).toBe(hotline.id);
    expect(all[0]!.reasons).toEqual(['preferred', 'open_now', 'free', 'recently_verified']);
    const openIds = (await search(`need=${need}&openNow=true`)).map((m) => m.service.id);
    expect(openIds.sort()).toEqual([open.id, overnight.id, hotline.id].sort());
    expect(openIds).not.toContain(later.id);
    expect(openIds).not.toContain(otherDay.id);
    const cheap = (await search(`need=${need}&freeOrLowCost=true`)).map((m) => m.service.id);
    expect(cheap.sort()).toEqual([later.id, otherDay.id, overnight.id, hotline.id].sort());
  });

  it('records "referred to X" in the incident with a follow-up due in N days', async () => {
    const service = await referralService(coordinator, { needs: ['bond'], phone: '555-0100' }, { name: 'Fondo de Fianzas' });
    const { sighting } = await t.sighting(dispatcher.api, freshBase());
    const referral = await expectOk<IncidentReferral>(
      dispatcher.api.post(`/api/incidents/${sighting.incidentId}/referrals`, { serviceId: service.id, note: 'Mother, speaks Mam', followUpDays: 2 }),
      201,
    );
    expect(referral).toMatchObject({
      organizationName: 'Fondo de Fianzas',
      serviceName: service.name,
      phone: '555-0100',
      referredBy: dispatcher.user.username,
    });

    const due = await expectOk<FollowUp[]>(dispatcher.api.get('/api/follow-ups?hours=72'));
    const followUp = due.find((f) => f.id === referral.followUpId)!;
    expect(followUp.kind).toBe('referral');
    expect(followUp.note).toContain('Fondo de Fianzas');
    expect(Date.parse(followUp.dueAt) - clock.now()).toBe(2 * 86_400_000);
    expect((await expectOk<FollowUp[]>(dispatcher.api.get('/api/follow-ups?hours=24'))).some((f) => f.id === referral.followUpId)).toBe(false);

    const timeline = await expectOk<TimelineEntry[]>(dispatcher.api.get(`/api/incidents/${sighting.incidentId}/timeline`));
    expect(timeline.find((e) => e.kind === 'referral')).toMatchObject({ actor: dispatcher.user.username, detail: { organization: 'Fondo de Fianzas' } });
    expect(await expectOk(dispatcher.api.get(`/api/incidents/${sighting.incidentId}/referrals`))).toEqual([referral]);
    expect(referral.note).toBe('Mother, speaks Mam');
    // The note may name the family: it is stored sealed, like the rest of the record's free text.
    const stored = await t.db.query<{ plain: boolean; key: string | null }>(
      `SELECT encode(note, 'escape') LIKE '%Mam%' AS plain, sealed_key AS key FROM incident_referrals WHERE id = $1`,
      [referral.id],
    );
    expect(stored.rows[0]).toEqual({ plain: false, key: expect.stringMatching(/^report\//) });

    const unknown = await dispatcher.api.post(`/api/incidents/${sighting.incidentId}/referrals`, { serviceId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.body.issues).toEqual([{ path: 'serviceId', message: 'no such service in the directory' }]);
    expect((await dispatcher.api.post(`/api/incidents/00000000-0000-4000-8000-000000000000/referrals`, { serviceId: service.id })).status).toBe(404);
  });

  it('reminds to re-verify entries not checked for the configured time', async () => {
    const service = await referralService(coordinator);
    const due = async () => (await expectOk<ReferralService[]>(dispatcher.api.get('/api/referrals/reverify'))).map((s) => s.id);
    expect(await due()).not.toContain(service.id);
    await clock.setTime(clock.now() + 91 * 86_400_000);
    expect(await due()).toContain(service.id);
    expect((await expectOk<ReferralService>(dispatcher.api.get(`/api/referrals/services/${service.id}`))).needsReverify).toBe(true);
    const verified = await expectOk<ReferralService>(coordinator.api.post(`/api/referrals/services/${service.id}/verify`), 200);
    expect(verified.needsReverify).toBe(false);
    expect(await due()).not.toContain(service.id);
  });
});
