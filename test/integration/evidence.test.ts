import { createHash } from 'node:crypto';
import type { Dispatch, IncidentView, MediaItem, Ping, TimelineEntry } from '@centinela/contracts';
import { RetentionService } from '../../apps/api/src/retention/retention.service.js';
import { strFromU8, unzipSync } from 'fflate';
import { freshBase, offset } from '../support/geo.js';
import { jpegWithGps } from '../support/photos.js';
import { upload } from '../support/photos.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('evidence export', () => {
  let t: TestApp;
  let dispatcher: TestAccount;
  beforeAll(async () => {
    t = await TestApp.start();
    dispatcher = await t.account('dispatcher');
  });
  afterAll(() => t.close());

  it('exports one incident as a ZIP whose manifest hashes match its files, and audits who exported it', async () => {
    const base = freshBase();
    const responder = await t.account('responder', { onDuty: true });
    await expectOk(responder.api.put('/api/responders/me/location', { coordinates: offset(base, 80) }));
    const { sighting } = await t.sighting(dispatcher.api, base, {
      channel: 'hotline-call',
      agency: 'ice',
      activity: 'detaining',
      notes: 'white van, IL plate 7GH 221',
    });
    const id = sighting.incidentId;
    await expectOk(dispatcher.api.post(`/api/incidents/${id}/notes`, { text: 'Family asked for a lawyer' }), 201);
    await expectOk(dispatcher.api.post(`/api/incidents/${id}/witnesses`, { contact: 'signal: @testigo' }), 201);
    const photo = (await upload(`${t.baseUrl}/api/incidents/${id}/media`, dispatcher.token, await jpegWithGps(), 'image/jpeg')).body as MediaItem;

    const res = await fetch(`${t.baseUrl}/api/incidents/${id}/export`, { headers: { authorization: `Bearer ${dispatcher.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="centinela-incident-/);
    const zip = new Uint8Array(await res.arrayBuffer());
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['SHA256SUMS', 'manifest.json', `media/${photo.id}.jpeg`, 'record.json', 'timeline.json']);

    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    expect(manifest).toMatchObject({ incidentId: id, generatedBy: dispatcher.user.username });
    for (const entry of manifest.files) expect(sha256(files[entry.path]!)).toBe(entry.sha256);
    expect(manifest.mediaIntegrity).toEqual([{ path: `media/${photo.id}.jpeg`, recordedSha256: photo.sha256, matches: true }]);
    const sums = strFromU8(files.SHA256SUMS!).trim().split('\n');
    expect(sums).toHaveLength(manifest.files.length);
    for (const line of sums) {
      const [hash, path] = line.split('  ');
      expect(sha256(files[path!]!)).toBe(hash);
    }

    const record = JSON.parse(strFromU8(files['record.json']!)) as IncidentView & { witnesses: unknown[] };
    expect(record.sightings[0]).toMatchObject({ agency: 'ice', activity: 'detaining', notes: 'white van, IL plate 7GH 221' });
    expect(record.dispatches[0]!.pings).toHaveLength(1);
    // Left out unless asked for: witnesses' contacts, and responders' distances (the responder was 80 m away).
    expect(record.witnesses).toEqual([{ id: expect.any(String), createdAt: expect.any(String), deleteAfter: expect.any(String) }]);
    expect(record.dispatches[0]!.pings[0]).toMatchObject({ distanceMeters: null, etaSeconds: null, arrivalAt: null });
    for (const name of ['record.json', 'timeline.json']) {
      expect(strFromU8(files[name]!)).not.toContain('@testigo');
      expect(strFromU8(files[name]!)).not.toMatch(/"(distanceMeters|etaSeconds|arrivalAt)": [\d"]/);
    }
    expect(manifest.included).toEqual([]);
    expect(manifest.leftOut).toEqual([expect.stringContaining("witnesses' contacts"), expect.stringContaining("responders' distances")]);
    const timeline = JSON.parse(strFromU8(files['timeline.json']!)) as TimelineEntry[];
    expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['sighting', 'dispatched', 'pinged', 'note', 'media']));

    const { rows } = await t.db.query('SELECT user_id, actor, sha256, bytes FROM evidence_exports WHERE incident_id = $1', [id]);
    expect(rows).toEqual([{ user_id: dispatcher.user.id, actor: dispatcher.user.username, sha256: sha256(zip), bytes: zip.length }]);
    expect((await (await t.account('responder')).api.get(`/api/incidents/${id}/export`)).status).toBe(403);
  });

  it('includes witness contacts only when a dispatcher asks, and the incident log says who took them out', async () => {
    const { sighting } = await t.sighting(dispatcher.api, freshBase(), { channel: 'sms' });
    const id = sighting.incidentId;
    await expectOk(dispatcher.api.post(`/api/incidents/${id}/witnesses`, { contact: 'Ana Lopez +1 312 555 0199', note: 'saw the van' }), 201);
    const exportOf = async (query: string) => {
      const res = await fetch(`${t.baseUrl}/api/incidents/${id}/export${query}`, { headers: { authorization: `Bearer ${dispatcher.token}` } });
      return { status: res.status, body: res.status === 200 ? unzipSync(new Uint8Array(await res.arrayBuffer())) : await res.json() };
    };
    const asked = await exportOf('?include=witness-contacts');
    expect(asked.status).toBe(200);
    const record = JSON.parse(strFromU8(asked.body['record.json'])) as { witnesses: { contact: string; note: string }[] };
    expect(record.witnesses).toEqual([expect.objectContaining({ contact: 'Ana Lopez +1 312 555 0199', note: 'saw the van' })]);
    const manifest = JSON.parse(strFromU8(asked.body['manifest.json']));
    expect(manifest.included).toEqual(['witness-contacts']);
    expect(manifest.leftOut).toEqual([expect.stringContaining("responders' distances")]);

    const timeline = await expectOk<TimelineEntry[]>(dispatcher.api.get(`/api/incidents/${id}/timeline`));
    expect(timeline.filter((e) => e.kind === 'exported')).toEqual([
      expect.objectContaining({ actor: dispatcher.user.username, detail: expect.objectContaining({ witnessContacts: true }) }),
    ]);
    const plain = await exportOf('');
    expect(strFromU8(plain.body['record.json'])).not.toContain('Ana Lopez');
    const after = await expectOk<TimelineEntry[]>(dispatcher.api.get(`/api/incidents/${id}/timeline`));
    expect(after.filter((e) => e.kind === 'exported').map((e) => e.detail.witnessContacts ?? false)).toEqual([true, false]);

    const bad = await exportOf('?include=everything');
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('include');
  });

  it("keeps nothing a responder's distance can be computed from once the dispatch ends: not on the ping, its answers, nor the export", async () => {
    const base = freshBase();
    const responder = await t.account('responder', { onDuty: true, travelMode: 'walk' });
    await expectOk(responder.api.put('/api/responders/me/location', { coordinates: offset(base, 300) }));
    const { sighting } = await t.sighting(dispatcher.api, base, { channel: 'sms', observedAt: new Date().toISOString() });
    const dispatch = await expectOk<Dispatch>(
      dispatcher.api.post(`/api/sightings/${sighting.id}/dispatches`, { needs: [{ capability: 'verifier', count: 1 }] }),
      201,
    );
    const ping = dispatch.pings.find((p) => p.responderId === responder.user.responderId)!;
    expect(ping.distanceMeters).toBeGreaterThan(290);
    const accepted = await expectOk<Ping>(responder.api.post(`/api/pings/${ping.id}/ack`, { status: 'accepted' }));
    expect(accepted.arrivalAt).not.toBeNull(); // computed from the live location: 300 m on foot
    const answers = `SELECT a.arrival_at FROM ping_answers a WHERE a.ping_id = $1 AND a.arrival_at IS NOT NULL`;
    expect((await t.db.query(answers, [ping.id])).rows).toHaveLength(1);

    await expectOk(dispatcher.api.post(`/api/dispatches/${dispatch.id}/cancel`, {}));
    await t.app.get(RetentionService).run();

    const { rows } = await t.db.query('SELECT distance_m, eta_seconds, arrival_at, responded_at FROM pings WHERE id = $1', [ping.id]);
    expect(rows).toEqual([{ distance_m: null, eta_seconds: null, arrival_at: null, responded_at: expect.any(Date) }]);
    expect((await t.db.query(answers, [ping.id])).rows).toEqual([]);
    const files = unzipSync(
      new Uint8Array(
        await (
          await fetch(`${t.baseUrl}/api/incidents/${sighting.incidentId}/export`, { headers: { authorization: `Bearer ${dispatcher.token}` } })
        ).arrayBuffer(),
      ),
    );
    const timeline = JSON.parse(strFromU8(files['timeline.json']!)) as TimelineEntry[];
    const ofPing = timeline.filter((e) => ['pinged', 'answer'].includes(e.kind));
    expect(ofPing.map((e) => e.kind)).toEqual(expect.arrayContaining(['pinged', 'answer']));
    for (const e of ofPing) expect(e.detail).not.toMatchObject({ arrivalAt: expect.anything() });
    for (const e of ofPing) expect(e.detail).not.toMatchObject({ etaSeconds: expect.anything() });
    const record = JSON.parse(strFromU8(files['record.json']!)) as IncidentView;
    expect(record.dispatches[0]!.pings[0]).toMatchObject({ distanceMeters: null, etaSeconds: null, arrivalAt: null });
  });
});
