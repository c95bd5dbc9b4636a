import { createHash } from 'node:crypto';
import type { Dispatch, MediaItem } from '@centinela/contracts';
import exifr from 'exifr';
import { freshBase, offset } from '../support/geo.js';
import { jpegWithGps, pngImage, upload } from '../support/photos.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

describe('photos on the record', () => {
  let t: TestApp;
  let dispatcher: TestAccount;
  let incidentId: string;
  beforeAll(async () => {
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0', MEDIA_MAX_BYTES: '200000', REPORTS_PER_CLIENT: '50' });
    dispatcher = await t.account('dispatcher');
    incidentId = (await t.sighting(dispatcher.api, freshBase(), { channel: 'sms' })).sighting.incidentId;
  });
  afterAll(() => t.close());

  const download = async (id: string, token: string) => {
    const res = await fetch(`${t.baseUrl}/api/media/${id}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  };

  it('strips EXIF and GPS before storing, and records the SHA-256 of what it stored', async () => {
    const original = await jpegWithGps();
    expect(await exifr.gps(original)).toMatchObject({ latitude: expect.closeTo(41.85, 2) });
    expect((await exifr.parse(original))?.Make).toBe('TestPhone');

    const res = await upload(`${t.baseUrl}/api/incidents/${incidentId}/media`, dispatcher.token, original, 'image/jpeg');
    expect(res.status).toBe(201);
    const item = res.body as MediaItem;
    expect(item).toMatchObject({ contentType: 'image/jpeg', width: 64, height: 48, source: dispatcher.user.username });

    const stored = await download(item.id, dispatcher.token);
    expect(stored.status).toBe(200);
    expect(stored.type).toBe('image/jpeg');
    expect(await exifr.parse(stored.bytes)).toBeUndefined();
    expect(await exifr.gps(stored.bytes)).toBeUndefined();
    expect(createHash('sha256').update(stored.bytes).digest('hex')).toBe(item.sha256);
    expect(stored.bytes.includes(Buffer.from('TestPhone'))).toBe(false);
  });

  it('reads the type from the bytes: a file that says it is a JPEG but is not gets 415, and nothing is stored', async () => {
    const before = await t.count('incidents');
    const media = async () => (await t.db.query('SELECT count(*)::int AS n FROM media')).rows[0].n as number;
    const count = await media();
    const text = await upload(
      `${t.baseUrl}/api/incidents/${incidentId}/media`,
      dispatcher.token,
      Buffer.from('<?php echo "not a photo"; ?>'),
      'image/jpeg',
      'evil.jpg',
    );
    expect(text.status).toBe(415);
    expect(text.body.issues).toEqual([{ path: 'photo', message: 'must be a JPEG, PNG or WebP photo; this file is not one' }]);
    const png = await upload(`${t.baseUrl}/api/incidents/${incidentId}/media`, dispatcher.token, await pngImage(), 'image/jpeg', 'actually.jpg');
    expect(png.status).toBe(415);
    expect(png.body.issues).toEqual([{ path: 'photo', message: 'says it is image/jpeg but it is image/png' }]);
    expect(await media()).toBe(count);
    expect(await t.count('incidents')).toBe(before);
  });

  it('refuses a text field on a photo upload, naming it', async () => {
    const res = await upload(`${t.baseUrl}/api/incidents/${incidentId}/media`, dispatcher.token, await pngImage(), 'image/png', 'x.png', { caption: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([{ path: 'caption', message: 'is not a field this request takes (it takes no text fields)' }]);
  });

  it('refuses a photo over the size limit with 413 naming photo', async () => {
    const big = Buffer.concat([await jpegWithGps(), Buffer.alloc(250_000)]);
    const res = await upload(`${t.baseUrl}/api/incidents/${incidentId}/media`, dispatcher.token, big, 'image/jpeg');
    expect(res.status).toBe(413);
    expect(res.body.issues?.[0]?.path).toBe('photo');
  });

  it('refuses a public report whose form has a file under another name, two photos or a field it does not take, naming the field', async () => {
    const sightings = () => t.count('sightings');
    const before = await sightings();
    const report = JSON.stringify({ location: { type: 'Point', coordinates: freshBase() }, observedAt: new Date().toISOString(), description: 'form edge' });
    const photo = new Blob([new Uint8Array(await pngImage())], { type: 'image/png' });
    const send = async (build: (form: FormData) => void) => {
      const form = new FormData();
      form.append('report', report);
      build(form);
      const res = await fetch(`${t.baseUrl}/api/reports`, { method: 'POST', body: form });
      return { status: res.status, issues: ((await res.json()) as { issues?: { path: string }[] }).issues?.map((i) => i.path) };
    };
    expect(await send((f) => f.append('picture', photo, 'a.png'))).toEqual({ status: 400, issues: ['picture'] });
    const twoPhotos = (f: FormData) => {
      f.append('photo', photo, 'a.png');
      f.append('photo', photo, 'b.png');
    };
    expect(await send(twoPhotos)).toEqual({ status: 413, issues: ['photo'] });
    // A text field the form does not take is refused, not dropped: a `photo` sent as text, any other name, `report` twice.
    expect(await send((f) => f.append('photo', 'not a file'))).toEqual({ status: 400, issues: ['photo'] });
    expect(await send((f) => f.append('note', 'x'))).toEqual({ status: 400, issues: ['note'] });
    expect(await send((f) => f.append('report', report))).toEqual({ status: 400, issues: ['report'] });
    const notPhoto = await send((f) => f.append('photo', new Blob(['<?php ?>'], { type: 'image/png' }), 'a.png'));
    expect(notPhoto).toEqual({ status: 415, issues: ['photo'] });
    expect(await sightings()).toBe(before);
  });

  it('serves photos only to signed-in dispatchers and coordinators', async () => {
    const item = (await upload(`${t.baseUrl}/api/incidents/${incidentId}/media`, dispatcher.token, await pngImage(), 'image/png', 'x.png')).body as MediaItem;
    const responder = await t.account('responder');
    expect((await download(item.id, responder.token)).status).toBe(403);
    expect((await fetch(`${t.baseUrl}/api/media/${item.id}`)).status).toBe(401);
    expect((await download(item.id, (await t.asCoordinator()).token)).status).toBe(200);
  });

  it('takes a report part declared as JSON, as curl sends it (-F "report=<r.json;type=application/json")', async () => {
    const report = { location: { type: 'Point', coordinates: freshBase() }, observedAt: new Date().toISOString(), description: 'declared JSON' };
    const boundary = 'centinela-test-boundary';
    const part = (headers: string, content: string) => `--${boundary}\r\n${headers}\r\n\r\n${content}\r\n`;
    const send = (content: string) =>
      fetch(`${t.baseUrl}/api/reports`, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: part('Content-Disposition: form-data; name="report"\r\nContent-Type: application/json', content) + `--${boundary}--\r\n`,
      });
    expect((await send(JSON.stringify(report))).status).toBe(201);
    const broken = await send('{"location": ');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { message: string }).message).toContain('not a valid JSON');
  });

  it('takes a photo with a public report, and one from a responder on scene', async () => {
    const base = freshBase();
    const report = { location: { type: 'Point', coordinates: base }, observedAt: new Date().toISOString(), description: 'agents at the laundromat' };
    const res = await upload(`${t.baseUrl}/api/reports`, null, await jpegWithGps(), 'image/jpeg', 'IMG_0001.jpg', { report: JSON.stringify(report) });
    expect(res.status).toBe(201);
    const { rows } = await t.db.query(
      `SELECT m.source, s.id FROM media m JOIN sightings s ON s.id = m.sighting_id WHERE ST_Equals(s.location, ST_SetSRID(ST_MakePoint($1, $2), 4326))`,
      base,
    );
    expect(rows.map((r) => r.source)).toEqual(['public report']);
    // The description is stored sealed; dispatchers read it in clear.
    const stored = await expectOk(t.as(await t.account('dispatcher')).get(`/api/sightings/${rows[0].id}`));
    expect(stored.sighting.notes).toBe('agents at the laundromat');
    const badReport = await upload(`${t.baseUrl}/api/reports`, null, await jpegWithGps(), 'image/jpeg', 'a.jpg', { report: '{"location": 1}' });
    expect(badReport.status).toBe(400);
    // Fields inside the `report` part are named from the form's point of view.
    expect(badReport.body.issues.map((i: { path: string }) => i.path)).toContain('report.location');

    const responder = await t.account('responder', { onDuty: true, alias: 'Quetzal' });
    await expectOk(responder.api.put('/api/responders/me/location', { coordinates: offset(base, 50) }));
    const view = await expectOk(dispatcher.api.get('/api/incidents'));
    const incident = view.find((v: { sightings: { notes: string }[] }) => v.sightings.some((s) => s.notes === 'agents at the laundromat')).incident;
    const dispatch = await expectOk<Dispatch>(
      dispatcher.api.post(`/api/incidents/${incident.id}/dispatches`, { needs: [{ capability: 'verifier', count: 1 }] }),
      201,
    );
    const pingId = dispatch.pings[0]!.id;
    expect((await upload(`${t.baseUrl}/api/pings/${pingId}/media`, responder.token, await pngImage(), 'image/png', 'a.png')).status).toBe(409);
    await expectOk(responder.api.post(`/api/pings/${pingId}/ack`, { status: 'on_scene' }));
    const fromScene = await upload(`${t.baseUrl}/api/pings/${pingId}/media`, responder.token, await pngImage(), 'image/png', 'a.png');
    expect(fromScene.status).toBe(201);
    expect(fromScene.body.source).toBe('Quetzal');
  });
});
