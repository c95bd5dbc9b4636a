import type { ShiftTemplate, WeekSchedule } from '@centinela/contracts';
import { TestClock } from 'pg-boss';
import { ShiftsService } from '../../apps/api/src/shifts/shifts.service.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

const ZONE = 'America/Chicago';

/** The local ISO weekday and HH:MM of an instant in the network's time zone. */
function local(ms: number): { weekday: number; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: ZONE, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return { weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1, time: `${parts.hour}:${parts.minute}` };
}

/**
 * The weekly schedule: who is on shift at an instant (across midnight, across DST, across a shift boundary on a
 * controllable clock), sign-ups and swaps under concurrency, and the gaps. Times are wall-clock times in the
 * network's time zone (America/Chicago here).
 */
describe('the shift schedule', () => {
  let t: TestApp;
  let clock: TestClock;
  let coordinator: TestAccount;
  let service: ShiftsService;

  beforeAll(async () => {
    clock = new TestClock(Date.now());
    t = await TestApp.start({ NETWORK_TIME_ZONE: ZONE }, { clock });
    coordinator = await t.asCoordinator();
    service = t.app.get(ShiftsService);
  });
  afterAll(() => t.close());
  afterEach(() => t.db.query('DELETE FROM shift_templates'));

  const shift = (body: Record<string, unknown>) => expectOk<ShiftTemplate>(coordinator.api.post('/api/shifts', { role: 'operator', ...body }), 201);
  const put = (s: ShiftTemplate, who: TestAccount) =>
    expectOk<ShiftTemplate>(coordinator.api.post(`/api/shifts/${s.id}/assignments`, { userId: who.user.id }), 201);
  const on = (iso: string, role: 'operator' | 'responder' = 'operator') => service.onShift(new Date(iso), role);

  it('puts a night shift on both sides of midnight, and Sunday night into Monday', async () => {
    const night = await shift({ weekday: 1, start: '22:00', end: '02:00' }); // Monday 22:00 → Tuesday 02:00
    const sunday = await shift({ weekday: 7, start: '23:00', end: '01:00' });
    const [ana, ben] = [await t.account('dispatcher'), await t.account('dispatcher')];
    await put(night, ana);
    await put(sunday, ben);
    // 2026-11-23 is a Monday; Chicago is UTC−6 in November.
    expect(await on('2026-11-24T03:59:00Z')).toEqual([]); // Monday 21:59
    expect(await on('2026-11-24T04:00:00Z')).toEqual([ana.user.id]); // Monday 22:00
    expect(await on('2026-11-24T07:00:00Z')).toEqual([ana.user.id]); // Tuesday 01:00
    expect(await on('2026-11-24T08:00:00Z')).toEqual([]); // Tuesday 02:00: over
    expect(await on('2026-11-23T06:30:00Z')).toEqual([ben.user.id]); // Monday 00:30, Sunday's shift
    expect(await on('2026-11-23T06:30:00Z', 'responder')).toEqual([]);
  });

  it('keeps wall-clock hours across DST: the spring night is an hour shorter, the autumn night an hour longer', async () => {
    const night = await shift({ weekday: 6, start: '22:00', end: '06:00' }); // Saturday 22:00 → Sunday 06:00
    const ana = await t.account('dispatcher');
    await put(night, ana);
    // 2026-03-08: clocks go forward at 02:00. 22:00 CST = 04:00Z; 06:00 CDT = 11:00Z (7 hours, not 8).
    expect(await on('2026-03-08T04:00:00Z')).toEqual([ana.user.id]);
    expect(await on('2026-03-08T10:59:00Z')).toEqual([ana.user.id]);
    expect(await on('2026-03-08T11:00:00Z')).toEqual([]);
    // 2026-11-01: clocks go back at 02:00. 22:00 CDT = 03:00Z; 06:00 CST = 12:00Z (9 hours).
    expect(await on('2026-11-01T02:59:00Z')).toEqual([]);
    expect(await on('2026-11-01T11:30:00Z')).toEqual([ana.user.id]);
    expect(await on('2026-11-01T12:00:00Z')).toEqual([]);
  });

  it('changes who is on shift at the boundary, on the controllable clock', async () => {
    const start = clock.now() + 90_000;
    const [from, to] = [local(start), local(start + 60 * 60_000)];
    const [early, late] = [await t.account('dispatcher'), await t.account('dispatcher')];
    // The early shift ends where the late one starts (whole minutes, so the boundary is exact).
    const boundary = start - (start % 60_000);
    const before = local(boundary - 2 * 60 * 60_000);
    await put(await shift({ weekday: before.weekday, start: before.time, end: from.time }), early);
    await put(await shift({ weekday: from.weekday, start: from.time, end: to.time }), late);
    const now = () => service.onShift(new Date(clock.now()), 'operator');
    expect(await now()).toEqual([early.user.id]);
    await clock.tick(boundary - clock.now() - 1000);
    expect(await now()).toEqual([early.user.id]);
    await clock.tick(1000);
    expect(await now()).toEqual([late.user.id]);
  });

  it('lets people sign up for an open shift until it is taken; of many at once exactly one wins', async () => {
    const open = await shift({ weekday: 3, start: '06:00', end: '09:00' });
    expect(open).toMatchObject({ open: true, peak: true, minStaff: 1, assignees: [] });
    const operators = await Promise.all([1, 2, 3, 4, 5].map(() => t.account('dispatcher')));
    const answers = await Promise.all(operators.map((o) => o.api.post(`/api/shifts/${open.id}/sign-up`, {})));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const winner = operators[answers.findIndex((a) => a.status === 200)]!;
    const week = await expectOk<WeekSchedule>(winner.api.get('/api/shifts'));
    expect(week.shifts.find((s) => s.id === open.id)).toMatchObject({ open: false, assignees: [{ userId: winner.user.id, offered: false }] });
    expect(answers.find((a) => a.status === 409)!.body.message).toMatch(/taken/);
    // A responder cannot take an operator shift.
    const responder = await t.account('responder');
    const other = await shift({ weekday: 3, start: '17:00', end: '21:00' });
    expect((await responder.api.post(`/api/shifts/${other.id}/sign-up`, {})).status).toBe(403);
  });

  it('swaps: an offered shift goes to the first colleague who takes it; a coordinator can reassign', async () => {
    const s = await shift({ weekday: 4, start: '09:00', end: '17:00' });
    const [ana, ben, cai, dee] = (await Promise.all([1, 2, 3, 4].map(() => t.account('dispatcher')))) as [TestAccount, TestAccount, TestAccount, TestAccount];
    const mine = await expectOk<ShiftTemplate>(ana.api.post(`/api/shifts/${s.id}/sign-up`, {}));
    const assignmentId = mine.assignees[0]!.assignmentId;
    expect((await ben.api.post(`/api/shifts/assignments/${assignmentId}/take`, {})).status).toBe(409); // not offered
    expect((await ben.api.put(`/api/shifts/assignments/${assignmentId}/offer`, {})).status).toBe(403); // not his
    const offered = await expectOk<ShiftTemplate>(ana.api.put(`/api/shifts/assignments/${assignmentId}/offer`, {}));
    expect(offered.assignees[0]!.offered).toBe(true);
    const takes = await Promise.all([ben, cai].map((p) => p.api.post(`/api/shifts/assignments/${assignmentId}/take`, {})));
    expect(takes.map((r) => r.status).sort()).toEqual([200, 409]);
    const taker = takes[0]!.status === 200 ? ben : cai;
    expect(await service.onShift(new Date('2026-11-26T16:00:00Z'), 'operator')).toEqual([taker.user.id]); // Thursday 10:00
    const moved = await expectOk<ShiftTemplate>(coordinator.api.put(`/api/shifts/assignments/${assignmentId}`, { userId: dee.user.id }));
    expect(moved.assignees).toEqual([{ assignmentId, userId: dee.user.id, name: dee.user.username, offered: false }]);
    const left = await expectOk<ShiftTemplate>(dee.api.delete(`/api/shifts/assignments/${assignmentId}`));
    expect(left).toMatchObject({ assignees: [], open: true });
  });

  it('shows a responder fellow responders by alias and no staff login at all; staff see usernames', async () => {
    const ops = await shift({ weekday: 2, start: '09:00', end: '17:00', minStaff: 2 });
    const field = await shift({ weekday: 2, start: '09:00', end: '17:00', role: 'responder', minStaff: 2 });
    const dispatcher = await t.account('dispatcher');
    const [me, colleague] = [await t.account('responder', { alias: 'Garza Uno' }), await t.account('responder', { alias: 'Garza Dos' })];
    await put(ops, dispatcher);
    await put(ops, coordinator);
    await put(field, colleague);
    const mine = await expectOk<ShiftTemplate>(me.api.post(`/api/shifts/${field.id}/sign-up`, {}));
    expect(mine.assignees.map((a) => a.name)).toEqual(['Garza Dos', 'Garza Uno']);

    const week = await expectOk<WeekSchedule>(me.api.get('/api/shifts'));
    const seen = JSON.stringify(week);
    for (const login of [dispatcher.user.username, coordinator.user.username, me.user.username, colleague.user.username]) expect(seen).not.toContain(login);
    expect(week.shifts.find((s) => s.id === ops.id)!.assignees.map((a) => a.name)).toEqual(['', '']);
    expect(week.shifts.find((s) => s.id === field.id)!.assignees.map((a) => a.name)).toEqual(['Garza Dos', 'Garza Uno']);
    // Nor anyone else's account id: only the responder's own, to find their shifts.
    for (const other of [dispatcher, coordinator, colleague]) expect(seen).not.toContain(other.user.id);
    expect(week.shifts.find((s) => s.id === field.id)!.assignees.map((a) => a.userId)).toEqual([null, me.user.id]);

    const staffView = await expectOk<WeekSchedule>(dispatcher.api.get('/api/shifts'));
    expect(staffView.shifts.find((s) => s.id === ops.id)!.assignees.map((a) => a.name)).toEqual([dispatcher.user.username, coordinator.user.username]);
    expect(staffView.shifts.find((s) => s.id === field.id)!.assignees.map((a) => a.name)).toEqual([colleague.user.username, me.user.username]);
  });

  it('flags the hours with fewer people than the minimum: operators, and responders per zone', async () => {
    const zone = await t.zone({
      type: 'Polygon',
      coordinates: [
        [
          [-87.7, 41.8],
          [-87.69, 41.8],
          [-87.69, 41.81],
          [-87.7, 41.8],
        ],
      ],
    });
    const ops = await shift({ weekday: 5, start: '17:00', end: '19:00', minStaff: 2 });
    await put(ops, await t.account('dispatcher'));
    const field = await shift({ weekday: 5, start: '18:00', end: '19:00', role: 'responder', zoneId: zone.id });
    const week = await expectOk<WeekSchedule>(coordinator.api.get('/api/shifts'));
    expect(week.peakWindows).toEqual([
      { from: 6, to: 9 },
      { from: 17, to: 21 },
    ]);
    expect(week.gaps).toEqual([
      { weekday: 5, hour: 17, role: 'operator', zoneId: null, zoneName: null, needed: 2, assigned: 1, peak: true },
      { weekday: 5, hour: 18, role: 'operator', zoneId: null, zoneName: null, needed: 2, assigned: 1, peak: true },
      { weekday: 5, hour: 18, role: 'responder', zoneId: zone.id, zoneName: zone.name, needed: 1, assigned: 0, peak: true },
    ]);
    await put(field, await t.account('responder'));
    await put(ops, await t.account('coordinator'));
    expect((await expectOk<WeekSchedule>(coordinator.api.get('/api/shifts'))).gaps).toEqual([]);
  });

  it('refuses bad shifts naming the field, and stores nothing', async () => {
    const bad = await coordinator.api.post('/api/shifts', { weekday: 8, start: '25:00', end: '09:00', role: 'pilot' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['role', 'start', 'weekday']);
    const same = await coordinator.api.post('/api/shifts', { weekday: 1, start: '09:00', end: '09:00', role: 'operator' });
    expect(same.body.issues).toEqual([{ path: 'end', message: 'must differ from start', code: 'invalid' }]);
    const zoned = await coordinator.api.post('/api/shifts', { weekday: 1, start: '09:00', end: '10:00', role: 'operator', zoneId: crypto.randomUUID() });
    expect(zoned.body.issues).toEqual([{ path: 'zoneId', message: 'only responder shifts have a zone', code: 'invalid' }]);
    const dispatcher = await t.account('dispatcher');
    expect((await dispatcher.api.post('/api/shifts', { weekday: 1, start: '09:00', end: '10:00', role: 'operator' })).status).toBe(403);
    expect((await t.db.query('SELECT count(*)::int AS n FROM shift_templates')).rows[0].n).toBe(0);
  });
});
