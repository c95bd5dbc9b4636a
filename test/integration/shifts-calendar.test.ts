import type { CalendarFeed, OperatorMessage, ShiftTemplate } from '@centinela/contracts';
import { Writable } from 'node:stream';
import ICAL from 'ical.js';
import { RetentionService } from '../../apps/api/src/retention/retention.service.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

const ZONE = 'America/Chicago';

/** A feed as a calendar app reads it: ical.js parses it, registers its VTIMEZONE and expands each RRULE. */
function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

/** The calendar feed per person (RFC 5545 at a secret, revocable address) and the operators' live thread. */
describe('shift calendar feeds and the operators’ thread', () => {
  let t: TestApp;
  let coordinator: TestAccount;
  const logLines: string[] = [];
  const logWaiters = new Set<() => void>();
  /** Resolves once a log line contains `text` (bounded). */
  const logged = (text: string, ms = 5000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!logLines.some((l) => l.includes(text))) return;
        clearTimeout(timer);
        logWaiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        logWaiters.delete(check);
        reject(new Error(`no log line with ${text}`));
      }, ms);
      logWaiters.add(check);
      check();
    });
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      for (const waiter of logWaiters) waiter();
      done();
    },
  });

  beforeAll(async () => {
    t = await TestApp.start({ NETWORK_TIME_ZONE: ZONE, LOG_LEVEL: 'info' }, { logDestination: logs });
    coordinator = await t.asCoordinator();
  });
  afterAll(() => t.close());

  const shift = (body: Record<string, unknown>) => expectOk<ShiftTemplate>(coordinator.api.post('/api/shifts', { role: 'operator', ...body }), 201);

  it('serves weekly events with alarms and a neutral title, in the network’s zone across DST', async () => {
    const operator = await t.account('dispatcher');
    const night = await shift({ weekday: 6, start: '22:00', end: '06:00' });
    const evening = await shift({ weekday: 2, start: '17:00', end: '21:00' });
    for (const s of [night, evening]) await expectOk(operator.api.post(`/api/shifts/${s.id}/sign-up`, {}));
    const { url } = await expectOk<CalendarFeed>(operator.api.post('/api/shifts/calendar', {}), 201);
    expect(url).toMatch(/^\/api\/shifts\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);

    const response = await fetch(`${t.baseUrl}${url}`); // no sign-in: calendar apps have none
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const text = await response.text();
    expect(text).not.toContain(operator.user.username);
    expect(text.toLowerCase()).not.toMatch(/operator|responder|dispatch|hotline|ice/);

    const { calendar, events } = parseFeed(text);
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe(ZONE);
    expect(events).toHaveLength(2);
    for (const event of events) {
      expect(event.summary).toBe('Centinela shift');
      expect(event.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe(ZONE);
      expect(event.component.getFirstPropertyValue('rrule')?.toString()).toBe('FREQ=WEEKLY');
      const alarm = event.component.getFirstSubcomponent('valarm')!;
      expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
      expect(alarm.getFirstPropertyValue('trigger')?.toString()).toBe('-PT15M');
    }
    // The Saturday night shift, expanded by the parser: 22:00–06:00 local every week, 7 hours on the spring DST night.
    const saturday = events.find((e) => e.startDate.hour === 22)!;
    expect(saturday.endDate.hour).toBe(6);
    const it = saturday.iterator();
    const lengths = new Map<string, number>();
    for (let next = it.next(); lengths.size < 60; next = it.next()) {
      const { startDate, endDate } = saturday.getOccurrenceDetails(next);
      lengths.set(startDate.toString().slice(0, 10), (endDate.toUnixTime() - startDate.toUnixTime()) / 3600);
    }
    const dst = [...lengths].find(([day]) => /^\d{4}-03-(0[7-9]|1[0-3])$/.test(day))!;
    expect(dst[1]).toBe(7);
    expect([...lengths.values()].filter((h) => h === 8).length).toBeGreaterThan(50);
  });

  it('answers 404 once the address is replaced or revoked', async () => {
    const operator = await t.account('dispatcher');
    const first = await expectOk<CalendarFeed>(operator.api.post('/api/shifts/calendar', {}), 201);
    const second = await expectOk<CalendarFeed>(operator.api.post('/api/shifts/calendar', {}), 201);
    expect((await fetch(`${t.baseUrl}${first.url}`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}${second.url}`)).status).toBe(200);
    expect(await expectOk(operator.api.get('/api/shifts/me'))).toEqual({ dutyFollowsShifts: false, calendarFeed: true });
    expect((await operator.api.delete('/api/shifts/calendar')).status).toBe(204);
    expect((await fetch(`${t.baseUrl}${second.url}`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/api/shifts/calendar/not-a-token.ics`)).status).toBe(404);
    const stored = await t.db.query('SELECT token_hash FROM shift_calendar_feeds');
    const token = second.url.split('/').pop()!.replace('.ics', '');
    // The secret address is masked in request logs.
    expect(logLines.join('')).toContain('/api/shifts/calendar/:token.ics');
    expect(logLines.join('')).not.toContain(token);
    expect(stored.rows.some((r: { token_hash: Buffer }) => r.token_hash.toString('latin1').includes(token))).toBe(false);
  });

  it('masks calendar and invite tokens in request logs whatever their encoding, 404s included', async () => {
    const responder = await t.account('responder');
    const feed = await expectOk<CalendarFeed>(responder.api.post('/api/shifts/calendar', {}), 201);
    const calendar = feed.url.split('/').pop()!.replace('.ics', '');
    const invite = await expectOk<{ token: string }>(coordinator.api.post('/api/invites', { alias: 'Masked In Logs' }), 201);
    const get = async (path: string) => (await fetch(`${t.baseUrl}${path}`)).status;
    const statuses = [
      await get(`/api/shifts/calendar/${calendar}%2Eics`),
      await get(`/api/shifts/calendar/${calendar}.ic%73`),
      await get(`/api/shifts/%63alendar/${calendar}.ics`),
      await get(`/api/%69nvites/${invite.token}`),
      await get(`/api/shifts/calendar/${calendar}.ics/`),
      await get(`/api/shifts/calendar/${calendar}%E0%A4%A.ics`),
      await get(`/api/nothing/${calendar}`),
      await get('/api/nothing/+15550109998/someone%40example.org/call%20me'),
    ];
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
    await logged('/api/nothing/:value/:value/:value');
    const text = logLines.join('');
    expect(text).not.toContain(calendar);
    expect(text).not.toContain(invite.token);
    expect(text).toContain('"path":"/api/invites/:token"');
    // A phone number or an address typed into a wrong path is not logged either; the route's words are.
    expect(text).not.toContain('5550109998');
    expect(text).not.toContain('example.org');
    expect(text).toContain('"path":"/api/nothing/:value/:value/:value"');
  });

  it('carries the operators’ thread live to another operator’s socket, sealed at rest', async () => {
    const [ana, ben] = [await t.account('dispatcher'), await t.account('dispatcher')];
    const log = await t.socket(ben);
    const text = 'Which jail takes night transfers? ¿Alguien sabe?';
    const posted = await expectOk<OperatorMessage>(ana.api.post('/api/shifts/thread', { text }), 201);
    expect(posted).toMatchObject({ author: ana.user.username, text });
    expect(await log.next('operators.message', (m) => m.id === posted.id, 5000)).toEqual(posted);
    expect((await expectOk<OperatorMessage[]>(ben.api.get('/api/shifts/thread'))).at(-1)).toEqual(posted);
    const { rows } = await t.db.query('SELECT body FROM operator_messages WHERE id = $1', [posted.id]);
    expect((rows[0].body as Buffer).toString('utf8')).not.toContain('jail');
    const responder = await t.account('responder');
    expect((await responder.api.get('/api/shifts/thread')).status).toBe(403);
    // Past OPERATOR_THREAD_RETENTION_DAYS (7) a message is deleted by the retention job.
    await t.db.query(`UPDATE operator_messages SET created_at = now() - interval '7 days 1 minute' WHERE id = $1`, [posted.id]);
    await t.app.get(RetentionService).run();
    expect((await t.db.query('SELECT count(*)::int AS n FROM operator_messages WHERE id = $1', [posted.id])).rows[0].n).toBe(0);
    expect((await ana.api.post('/api/shifts/thread', { text: '  ' })).body.issues).toEqual([{ path: 'text', message: 'is required', code: 'required' }]);
  });
});
