import type { Dispatch, IncidentView, TimelineEntry } from '@centinela/contracts';
import { randomUUID } from 'node:crypto';
import { TestClock } from 'pg-boss';
import { RetentionService } from '../../apps/api/src/retention/retention.service.js';
import { freshBase, offset } from '../support/geo.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

describe('incidents: one event, many reports', () => {
  let t: TestApp;
  let dispatcher: TestAccount;
  beforeAll(async () => {
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0' });
    dispatcher = await t.account('dispatcher');
  });
  afterAll(() => t.close());

  const log = (at: [number, number], extra: object = {}) => t.sighting(dispatcher.api, at, { channel: 'sms', ...extra });
  const incident = (id: string) => expectOk<IncidentView>(dispatcher.api.get(`/api/incidents/${id}`));

  describe('grouping new sightings', () => {
    it('joins reports within 300 m and 45 minutes, across channels, and counts the sources', async () => {
      const base = freshBase();
      const first = await log(base, { channel: 'hotline-call', observedAt: minutesAgo(20) });
      const report = await t.api.post('/api/reports', {
        location: { type: 'Point', coordinates: offset(base, 250) },
        observedAt: minutesAgo(2),
        description: 'same vans',
      });
      expect(report.status).toBe(201);
      const third = await log(offset(base, 0, 150), { channel: 'sms', observedAt: minutesAgo(1) });
      expect(third.sighting.incidentId).toBe(first.sighting.incidentId);
      const { incident: i, sightings } = await incident(first.sighting.incidentId);
      expect(sightings.map((s) => s.channel)).toEqual(['hotline-call', 'web', 'sms']);
      expect(i.sources).toEqual({ total: 3, byChannel: { 'hotline-call': 1, web: 1, sms: 1 } });
      expect(i.lastObservedAt).toBe(third.sighting.observedAt);
    });

    it('opens a new incident beyond the distance, beyond the time window, or next to a false alarm', async () => {
      const base = freshBase();
      const first = await log(base, { observedAt: minutesAgo(60) });
      expect((await log(offset(base, 350))).sighting.incidentId).not.toBe(first.sighting.incidentId); // 350 m away
      expect((await log(offset(base, 50), { observedAt: minutesAgo(5) })).sighting.incidentId).not.toBe(first.sighting.incidentId); // 55 min later

      const other = freshBase();
      const dismissed = await log(other);
      const view = await incident(dismissed.sighting.incidentId);
      await expectOk(
        dispatcher.api.post(`/api/incidents/${view.incident.id}/status`, {
          status: 'false_alarm',
          reason: 'it was a tow truck',
          version: view.incident.version,
        }),
      );
      expect((await log(offset(other, 20))).sighting.incidentId).not.toBe(dismissed.sighting.incidentId);
    });
  });

  describe('the lifecycle', () => {
    it('moves to verifying when a verifier is dispatched, then to a verdict with who and why on the record', async () => {
      const base = freshBase();
      await t.account('responder', { onDuty: true, zones: [] }).then((r) => r.api.put('/api/responders/me/location', { coordinates: offset(base, 100) }));
      const { sighting } = await log(base);
      const socket = await t.socket(dispatcher);
      await expectOk(dispatcher.api.post(`/api/incidents/${sighting.incidentId}/dispatches`, { needs: [{ capability: 'verifier', count: 1 }] }), 201);
      const verifying = await socket.next('incident.updated', (v) => v.incident.id === sighting.incidentId && v.incident.status === 'verifying');

      const noReason = await dispatcher.api.post(`/api/incidents/${sighting.incidentId}/status`, {
        status: 'confirmed',
        reason: ' ',
        version: verifying.incident.version,
      });
      expect(noReason.body.issues).toEqual([{ path: 'reason', message: 'say why', code: 'required' }]);
      const noAgency = await dispatcher.api.post(`/api/incidents/${sighting.incidentId}/status`, {
        status: 'other_agency',
        reason: 'CPD',
        version: verifying.incident.version,
      });
      expect(noAgency.body.issues).toEqual([{ path: 'otherAgency', message: 'say which agency it was', code: 'required' }]);

      const confirmed = await expectOk<IncidentView>(
        dispatcher.api.post(`/api/incidents/${sighting.incidentId}/status`, {
          status: 'confirmed',
          reason: 'two callers and a photo',
          version: verifying.incident.version,
        }),
      );
      expect(confirmed.incident.status).toBe('confirmed');
      expect(confirmed.sightings[0]!.status).toBe('confirmed');
      const timeline = await expectOk<TimelineEntry[]>(dispatcher.api.get(`/api/incidents/${sighting.incidentId}/timeline`));
      expect(timeline.filter((e) => e.kind === 'status').map((e) => [e.actor, e.detail.from, e.detail.to, e.detail.reason])).toEqual([
        ['system', 'reported', 'verifying', 'a verifier was dispatched'],
        [dispatcher.user.username, 'verifying', 'confirmed', 'two callers and a photo'],
      ]);
      // The system's reason carries a code the web app says in the reader's language; a person's reason has none.
      expect(timeline.filter((e) => e.kind === 'status').map((e) => e.detail.reasonCode)).toEqual(['verifierDispatched', undefined]);
      expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['sighting', 'dispatched', 'pinged']));
      const unknown = await dispatcher.api.get('/api/incidents/00000000-0000-4000-8000-000000000000/timeline');
      expect([unknown.status, unknown.body.message]).toEqual([404, expect.stringContaining('incident')]);
    });

    it('seals the other agency’s text (it may name people): not in the incident’s or the log’s bytes, still shown', async () => {
      const { sighting } = await log(freshBase());
      const id = sighting.incidentId;
      const agency = 'AGENCYMARK Officer J. Smith badge 4411';
      let view = await expectOk<IncidentView>(
        dispatcher.api.post(`/api/incidents/${id}/status`, {
          status: 'other_agency',
          reason: 'county sheriff',
          otherAgency: agency,
          version: (await incident(id)).incident.version,
        }),
      );
      expect(view.incident.otherAgency).toBe(agency);
      view = await expectOk<IncidentView>(
        dispatcher.api.put(`/api/incidents/${id}/debrief`, { text: 'Left after ten minutes.', version: view.incident.version }),
      );
      expect([view.incident.otherAgency, view.incident.debrief]).toEqual([agency, 'Left after ten minutes.']);
      const inClear = async (table: string, column: string) =>
        (await t.db.query(`SELECT count(*)::int AS n FROM ${table} x WHERE x.${column} = $1 AND x::text LIKE '%AGENCYMARK%'`, [id])).rows[0].n;
      expect(await inClear('incidents', 'id')).toBe(0);
      expect(await inClear('incident_log', 'incident_id')).toBe(0);
      const [row] = (await t.db.query(`SELECT encode(other_agency, 'escape') AS bytes, sealed_key AS "sealedKey" FROM incidents WHERE id = $1`, [id])).rows;
      expect(row.bytes).not.toContain('AGENCYMARK');
      // Under the report's key, or already the record's if the retention job (every ten minutes) just ran.
      expect(row.sealedKey).toMatch(/^(report|record)\//);
      const timeline = await expectOk<TimelineEntry[]>(dispatcher.api.get(`/api/incidents/${id}/timeline`));
      expect(timeline.find((e) => e.kind === 'status' && e.detail.to === 'other_agency')?.detail.otherAgency).toBe(agency);
      // Leaving other_agency clears it; the debrief keeps its key.
      view = await expectOk<IncidentView>(
        dispatcher.api.post(`/api/incidents/${id}/status`, { status: 'resolved', reason: 'done', version: view.incident.version }),
      );
      expect([view.incident.otherAgency, view.incident.debrief]).toEqual(['', 'Left after ten minutes.']);
    });

    it('refuses changes that make no sense, and changes by the wrong role', async () => {
      const { sighting } = await log(freshBase());
      const v = (await incident(sighting.incidentId)).incident.version;
      const resolvedTooSoon = await dispatcher.api.post(`/api/incidents/${sighting.incidentId}/status`, { status: 'resolved', reason: 'done', version: v });
      expect(resolvedTooSoon.status).toBe(409);
      expect(resolvedTooSoon.body.message).toBe('cannot change the status from reported to resolved');
      const responder = await t.account('responder');
      expect((await responder.api.post(`/api/incidents/${sighting.incidentId}/status`, { status: 'confirmed', reason: 'x', version: v })).status).toBe(403);
      expect((await t.api.get(`/api/incidents/${sighting.incidentId}`)).status).toBe(401);
    });

    it('takes a verifier’s verdict from the scene, at their location, and it moves the incident there', async () => {
      const base = freshBase();
      const verifier = await t.account('responder', { onDuty: true, alias: 'Lince' });
      await expectOk(verifier.api.put('/api/responders/me/location', { coordinates: offset(base, 60) }));
      const { sighting } = await log(base);
      const dispatch = await expectOk<Dispatch>(
        dispatcher.api.post(`/api/incidents/${sighting.incidentId}/dispatches`, { needs: [{ capability: 'verifier', count: 1 }] }),
        201,
      );
      const ping = dispatch.pings[0]!;
      const early = await verifier.api.post(`/api/pings/${ping.id}/verdict`, { verdict: 'confirmed' });
      expect(early.status).toBe(409);
      expect(early.body.message).toBe('only a responder on scene can confirm or reject');

      await expectOk(verifier.api.put('/api/responders/me/location', { coordinates: offset(base, 20) }));
      await expectOk(verifier.api.post(`/api/pings/${ping.id}/ack`, { status: 'on_scene' }));
      expect((await expectOk(verifier.api.post(`/api/pings/${ping.id}/verdict`, { verdict: 'confirmed', note: 'vests say ICE' }))).status).toBe('confirmed');
      const view = await incident(sighting.incidentId);
      expect(view.incident.status).toBe('confirmed');
      const fromScene = view.sightings.find((s) => s.channel === 'responder')!;
      expect(fromScene).toMatchObject({ confirms: true, notes: 'vests say ICE' });
      expect(view.incident.location.coordinates[0]).toBeCloseTo(offset(base, 20)[0], 9);
      const timeline = await expectOk<TimelineEntry[]>(dispatcher.api.get(`/api/incidents/${sighting.incidentId}/timeline`));
      expect(timeline.find((e) => e.kind === 'verdict')).toMatchObject({
        actor: 'Lince',
        detail: { to: 'confirmed', note: 'vests say ICE', distanceMeters: 20, atScene: true },
      });
      expect(timeline.filter((e) => e.kind === 'answer').map((e) => e.detail.status)).toEqual(['on_scene']);
    });

    it('keeps the incident where it is when a verdict comes from far away, and records how far', async () => {
      const base = freshBase();
      const verifier = await t.account('responder', { onDuty: true, alias: 'Búho' });
      await expectOk(verifier.api.put('/api/responders/me/location', { coordinates: offset(base, 100) }));
      const { sighting } = await log(base);
      const dispatch = await expectOk<Dispatch>(
        dispatcher.api.post(`/api/incidents/${sighting.incidentId}/dispatches`, { needs: [{ capability: 'verifier', count: 1 }] }),
        201,
      );
      const ping = dispatch.pings[0]!;
      await expectOk(verifier.api.post(`/api/pings/${ping.id}/ack`, { status: 'on_scene' }));
      // Says "on scene" but is 860 m away (beyond VERDICT_MAX_DISTANCE_METERS, 150 by default).
      await expectOk(verifier.api.put('/api/responders/me/location', { coordinates: offset(base, 860) }));
      await expectOk(verifier.api.post(`/api/pings/${ping.id}/verdict`, { verdict: 'confirmed' }));
      const view = await incident(sighting.incidentId);
      expect(view.incident.status).toBe('confirmed');
      expect(view.incident.location.coordinates[0]).toBeCloseTo(base[0], 9);
      const timeline = await expectOk<TimelineEntry[]>(dispatcher.api.get(`/api/incidents/${sighting.incidentId}/timeline`));
      expect(timeline.find((e) => e.kind === 'verdict')).toMatchObject({ actor: 'Búho', detail: { distanceMeters: 860, atScene: false } });

      // How far they were says where they were: once the dispatch is over, the log keeps only that it was too far.
      await expectOk(dispatcher.api.post(`/api/dispatches/${dispatch.id}/cancel`, {}));
      await t.app.get(RetentionService).run();
      const after = await expectOk<TimelineEntry[]>(dispatcher.api.get(`/api/incidents/${sighting.incidentId}/timeline`));
      const verdict = after.find((e) => e.kind === 'verdict')!;
      expect(verdict.detail).toMatchObject({ atScene: false, located: true });
      expect(verdict.detail).not.toHaveProperty('distanceMeters');
    });

    it('tells responders to stand down when it turns out to be a false alarm', async () => {
      const base = freshBase();
      const responder = await t.account('responder', { onDuty: true });
      await expectOk(responder.api.put('/api/responders/me/location', { coordinates: offset(base, 100) }));
      const { sighting } = await log(base);
      const dispatch = await expectOk<Dispatch>(
        dispatcher.api.post(`/api/incidents/${sighting.incidentId}/dispatches`, { needs: [{ capability: 'verifier', count: 1 }] }),
        201,
      );
      await expectOk(responder.api.post(`/api/pings/${dispatch.pings[0]!.id}/ack`, { status: 'accepted' }));
      const socket = await t.socket(responder);
      const view = await incident(sighting.incidentId);
      await expectOk(
        dispatcher.api.post(`/api/incidents/${sighting.incidentId}/status`, {
          status: 'false_alarm',
          reason: 'caller saw a utility crew',
          version: view.incident.version,
        }),
      );
      expect((await socket.next('ping.updated', (p) => p.dispatchId === dispatch.id)).status).toBe('cancelled');
      expect((await expectOk<Dispatch>(dispatcher.api.get(`/api/dispatches/${dispatch.id}`))).status).toBe('cancelled');
    });
  });

  describe('merging and splitting', () => {
    it('merges two incidents into one, live, and splits a sighting back out', async () => {
      const [a, b] = [await log(freshBase()), await log(freshBase())];
      const watcher = await t.socket(await t.account('dispatcher'));
      const [va, vb] = [await incident(a.sighting.incidentId), await incident(b.sighting.incidentId)];
      const merged = await expectOk<IncidentView>(
        dispatcher.api.post(`/api/incidents/${va.incident.id}/merge`, {
          otherIncidentId: vb.incident.id,
          version: va.incident.version,
          otherVersion: vb.incident.version,
        }),
      );
      expect(merged.sightings.map((s) => s.id).sort()).toEqual([a.sighting.id, b.sighting.id].sort());
      expect(await watcher.next('incident.removed', (m) => m.id === vb.incident.id)).toEqual({
        id: vb.incident.id,
        reason: 'merged',
        mergedInto: va.incident.id,
      });
      expect((await incident(vb.incident.id)).incident.mergedInto).toBe(va.incident.id);

      const split = await expectOk<IncidentView>(
        dispatcher.api.post(`/api/incidents/${va.incident.id}/split`, { sightingId: b.sighting.id, version: merged.incident.version }),
      );
      expect(split.sightings.map((s) => s.id)).toEqual([a.sighting.id]);
      const moved = await expectOk(dispatcher.api.get(`/api/sightings/${b.sighting.id}`));
      expect(moved.sighting.incidentId).not.toBe(va.incident.id);
      const lone = await dispatcher.api.post(`/api/incidents/${va.incident.id}/split`, { sightingId: a.sighting.id, version: split.incident.version });
      expect(lone.status).toBe(409);
    });

    it('names otherIncidentId when the incident to merge in does not exist', async () => {
      const { sighting } = await log(freshBase());
      const view = await incident(sighting.incidentId);
      const res = await dispatcher.api.post(`/api/incidents/${view.incident.id}/merge`, {
        otherIncidentId: randomUUID(),
        version: view.incident.version,
        otherVersion: 1,
      });
      expect(res.status).toBe(404);
      expect(res.body.issues).toEqual([{ path: 'otherIncidentId', message: 'is not an incident' }]);
      expect(res.body.message).toContain('otherIncidentId');
      const itself = await dispatcher.api.post(`/api/incidents/${view.incident.id}/merge`, {
        otherIncidentId: view.incident.id,
        version: view.incident.version,
        otherVersion: view.incident.version,
      });
      expect(itself).toMatchObject({ status: 400, body: { reason: 'merge.intoItself', issues: [{ path: 'otherIncidentId' }] } });
    });
  });

  describe('working together', () => {
    it('refuses a stale update with 409 and the current state, never a silent overwrite', async () => {
      const { sighting } = await log(freshBase());
      const other = await t.account('dispatcher');
      const loaded = await incident(sighting.incidentId);
      const first = await expectOk<IncidentView>(
        dispatcher.api.post(`/api/incidents/${loaded.incident.id}/status`, { status: 'verifying', reason: 'calling back', version: loaded.incident.version }),
      );
      const second = await other.api.post(`/api/incidents/${loaded.incident.id}/status`, {
        status: 'false_alarm',
        reason: 'I think not',
        version: loaded.incident.version,
      });
      expect(second.status).toBe(409);
      expect(second.body.current.incident).toMatchObject({ status: 'verifying', version: first.incident.version });
      const debrief = await other.api.put(`/api/incidents/${loaded.incident.id}/debrief`, { text: 'x', version: loaded.incident.version });
      expect(debrief.status).toBe(409);
    });

    it('shows who is handling an incident, and refuses a second claim', async () => {
      const { sighting } = await log(freshBase());
      const other = await t.account('dispatcher');
      const watcher = await t.socket(other);
      const claimed = await expectOk<IncidentView>(dispatcher.api.post(`/api/incidents/${sighting.incidentId}/claim`, {}));
      expect(claimed.incident.claim).toMatchObject({ userId: dispatcher.user.id, username: dispatcher.user.username });
      await watcher.next('incident.updated', (v) => v.incident.id === sighting.incidentId && v.incident.claim?.userId === dispatcher.user.id);
      const taken = await other.api.post(`/api/incidents/${sighting.incidentId}/claim`, {});
      expect(taken.status).toBe(409);
      expect(taken.body.current.incident.claim.username).toBe(dispatcher.user.username);
      expect((await other.api.delete(`/api/incidents/${sighting.incidentId}/claim`)).status).toBe(403);
      expect((await expectOk<IncidentView>(dispatcher.api.delete(`/api/incidents/${sighting.incidentId}/claim`))).incident.claim).toBeNull();
      expect((await expectOk<IncidentView>(other.api.post(`/api/incidents/${sighting.incidentId}/claim`, {}))).incident.claim!.userId).toBe(other.user.id);
    });

    it('releases a dispatcher’s claims when they sign out', async () => {
      const { sighting } = await log(freshBase());
      const leaving = await t.account('dispatcher');
      await expectOk(leaving.api.post(`/api/incidents/${sighting.incidentId}/claim`, {}));
      expect((await leaving.api.post('/api/auth/logout')).status).toBe(204);
      expect((await incident(sighting.incidentId)).incident.claim).toBeNull();
      // On the record as the system's doing, with a code the web app says in the reader's language.
      const timeline = await expectOk<TimelineEntry[]>(dispatcher.api.get(`/api/incidents/${sighting.incidentId}/timeline`));
      expect(timeline.filter((e) => e.kind === 'released').map((e) => [e.actor, e.detail])).toEqual([['system', { why: 'signed out', whyCode: 'signedOut' }]]);
    });
  });

  it('answers 404 for every list under an incident that does not exist, as for the incident itself', async () => {
    const unknown = '/api/incidents/00000000-0000-4000-8000-00000000beef';
    const paths = ['', '/timeline', '/export', '/witnesses', '/follow-ups', '/referrals'];
    const answers = await Promise.all(paths.map(async (p) => (await dispatcher.api.get(`${unknown}${p}`)).status));
    expect(Object.fromEntries(paths.map((p, i) => [p || '/', answers[i]]))).toEqual(Object.fromEntries(paths.map((p) => [p || '/', 404])));
    // A real incident with nothing in them answers empty lists.
    const { sighting } = await log(freshBase());
    for (const p of ['/witnesses', '/follow-ups', '/referrals'])
      expect(await expectOk(dispatcher.api.get(`/api/incidents/${sighting.incidentId}${p}`))).toEqual([]);
  });

  it('keeps notes, a versioned debrief, witnesses and follow-ups on the record', async () => {
    const { sighting } = await log(freshBase());
    const id = sighting.incidentId;
    await expectOk(dispatcher.api.post(`/api/incidents/${id}/notes`, { text: 'Neighbour at 1812 saw the van leave north' }), 201);
    const v = (await incident(id)).incident.version;
    const debriefed = await expectOk<IncidentView>(dispatcher.api.put(`/api/incidents/${id}/debrief`, { text: 'Arrived 6 min after the call.', version: v }));
    expect(debriefed.incident.debrief).toBe('Arrived 6 min after the call.');
    const witnesses = await expectOk(dispatcher.api.post(`/api/incidents/${id}/witnesses`, { contact: '+1 312 555 0100', note: 'saw the arrest' }), 201);
    expect(witnesses).toEqual([expect.objectContaining({ contact: '+1 312 555 0100', note: 'saw the arrest' })]);
    expect(Date.parse(witnesses[0].deleteAfter) - Date.parse(witnesses[0].createdAt)).toBe(30 * 86_400_000);
    const due = new Date(Date.now() + 20 * 3_600_000).toISOString();
    const followUp = await expectOk(
      dispatcher.api.post(`/api/incidents/${id}/follow-ups`, { kind: 'family_contacted', note: 'call the sister', assigneeId: dispatcher.user.id, dueAt: due }),
      201,
    );
    expect((await expectOk(dispatcher.api.get('/api/follow-ups?hours=24&mine=true'))).map((f: { id: string }) => f.id)).toContain(followUp.id);
    expect((await expectOk(dispatcher.api.get('/api/follow-ups?hours=12'))).map((f: { id: string }) => f.id)).not.toContain(followUp.id);
    await expectOk(dispatcher.api.patch(`/api/follow-ups/${followUp.id}`, { done: true }));
    expect((await expectOk(dispatcher.api.get('/api/follow-ups?hours=48'))).map((f: { id: string }) => f.id)).not.toContain(followUp.id);

    const timeline = await expectOk<TimelineEntry[]>(dispatcher.api.get(`/api/incidents/${id}/timeline`));
    expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['sighting', 'note', 'debrief', 'witness', 'follow-up', 'follow-up-done']));
    expect(JSON.stringify(timeline)).not.toContain('555 0100'); // contacts stay out of the permanent log
    const badDue = await dispatcher.api.post(`/api/incidents/${id}/follow-ups`, { kind: 'check_in', dueAt: 'tomorrow' });
    expect(badDue.body.issues[0].path).toBe('dueAt');
  });
});

describe('incidents on the clock', () => {
  let t: TestApp;
  let clock: TestClock;
  let dispatcher: TestAccount;
  beforeAll(async () => {
    clock = new TestClock(Date.now());
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0' }, { clock });
    dispatcher = await t.account('dispatcher');
  });
  afterAll(() => t.close());

  it('expires unconfirmed incidents after 4 hours, off the live map; confirmed ones stay until resolved', async () => {
    const unconfirmed = await t.sighting(dispatcher.api, freshBase(), { channel: 'sms' });
    const confirmed = await t.sighting(dispatcher.api, freshBase(), { channel: 'sms' });
    const c = await expectOk<IncidentView>(dispatcher.api.get(`/api/incidents/${confirmed.sighting.incidentId}`));
    await expectOk(
      dispatcher.api.post(`/api/incidents/${c.incident.id}/status`, { status: 'confirmed', reason: 'seen by two verifiers', version: c.incident.version }),
    );
    const watcher = await t.socket(dispatcher);
    const live = async () => (await expectOk<IncidentView[]>(dispatcher.api.get('/api/incidents'))).map((v) => v.incident.id);
    expect(await live()).toEqual(expect.arrayContaining([unconfirmed.sighting.incidentId, confirmed.sighting.incidentId]));

    await clock.setTime(clock.now() + 3 * 3_600_000);
    await clock.tick(60_000);
    expect(await live()).toContain(unconfirmed.sighting.incidentId);

    await clock.setTime(clock.now() + 3_600_000);
    await clock.tick(60_000);
    expect(await watcher.next('incident.removed', (m) => m.id === unconfirmed.sighting.incidentId)).toMatchObject({ reason: 'expired' });
    expect(await live()).not.toContain(unconfirmed.sighting.incidentId);
    expect(await live()).toContain(confirmed.sighting.incidentId);
    const all = (await expectOk<IncidentView[]>(dispatcher.api.get(`/api/incidents?all=true&since=${new Date(Date.now() - 3_600_000).toISOString()}`))).map(
      (v) => v.incident.id,
    );
    expect(all).toContain(unconfirmed.sighting.incidentId);
  });

  it('releases a claim after 10 idle minutes, and deletes witness contacts after 30 days', async () => {
    const { sighting } = await t.sighting(dispatcher.api, freshBase(), { channel: 'sms' });
    const other = await t.account('dispatcher');
    await expectOk(dispatcher.api.post(`/api/incidents/${sighting.incidentId}/claim`, {}));
    await expectOk(dispatcher.api.post(`/api/incidents/${sighting.incidentId}/witnesses`, { contact: 'signal: @vecina' }), 201);
    await clock.tick(5 * 60_000);
    expect((await other.api.post(`/api/incidents/${sighting.incidentId}/claim`, {})).status).toBe(409);
    await clock.tick(6 * 60_000);
    const after = await expectOk<IncidentView>(dispatcher.api.get(`/api/incidents/${sighting.incidentId}`));
    expect(after.incident.claim).toBeNull();

    expect(await expectOk(dispatcher.api.get(`/api/incidents/${sighting.incidentId}/witnesses`))).toHaveLength(1);
    await clock.setTime(clock.now() + 31 * 86_400_000);
    await t.app.get(RetentionService).run();
    expect((await t.db.query('SELECT count(*)::int AS n FROM witnesses WHERE incident_id = $1', [sighting.incidentId])).rows[0].n).toBe(0);
  });
});
