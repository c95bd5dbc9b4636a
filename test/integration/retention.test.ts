import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { TestClock } from 'pg-boss';
import { KeyRing } from '../../apps/api/src/crypto/key-ring.js';
import { EmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres.js';
import { IncidentSweeper } from '../../apps/api/src/incidents/incident-sweeper.js';
import { RetentionService } from '../../apps/api/src/retention/retention.service.js';
import { useTestServer } from '../support/database.js';
import { freshBase, offset } from '../support/geo.js';
import { jpegWithGps, upload } from '../support/photos.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

const run = promisify(execFile);
const DAY = 86_400_000;

/** Every file under `dir` (the cluster's data directory: tables, WAL, everything) that contains `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const bytes = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && statSync(full).size < 256 * 1024 * 1024) {
        const content = readFileSync(full);
        if (bytes.some((b) => content.includes(b))) found.push(full);
      }
    }
  };
  walk(dir);
  return found;
}

/**
 * Deleted means gone, from the disk too: personal data is sealed before it reaches PostgreSQL, and its key is
 * destroyed when its retention passes — so neither the data directory (tables, dead rows, WAL), nor a pg_dump
 * taken before, nor the media files hold it readably. A private cluster, so the test can read its data directory.
 */
describe('retention and crypto-shredding', () => {
  let tmp: string;
  let cluster: EmbeddedPostgres;
  let t: TestApp;
  let clock: TestClock;
  let dispatcher: TestAccount;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'centinela-shred-'));
    chmodSync(tmp, 0o755);
    cluster = await EmbeddedPostgres.start({ dataDir: path.join(tmp, 'pg'), database: 'postgres', durable: true });
    useTestServer(cluster.url);
    clock = new TestClock(Date.now());
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0', UNCONFIRMED_RETENTION_DAYS: '3', WITNESS_RETENTION_DAYS: '30' }, { clock });
    dispatcher = await t.account('dispatcher');
  }, 60_000);
  afterAll(async () => {
    await t.close();
    useTestServer(undefined);
    await cluster.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const dump = async () => (await run('/usr/lib/postgresql/15/bin/pg_dump', ['--data-only', t.databaseUrl], { maxBuffer: 256 * 1024 * 1024 })).stdout;
  const checkpoint = () => t.db.query('CHECKPOINT');

  it('never lets personal text reach PostgreSQL in clear, and makes it unrecoverable once its retention passed', async () => {
    const planted = `PLANTED-${randomBytes(6).toString('hex')}`;
    const phone = `+1 312 555 ${String(1000 + Math.floor(Math.random() * 8999))}`;
    const base = freshBase();

    // An unconfirmed public report with a photo, a dispatcher's hotline sighting with a note, a witness, a follow-up,
    // a debrief and a dispatch note — all on one incident that will never be confirmed.
    const report = {
      location: { type: 'Point', coordinates: base },
      observedAt: new Date().toISOString(),
      description: `${planted} report`,
      locationDescription: `${planted} corner`,
    };
    expect((await upload(`${t.baseUrl}/api/reports`, null, await jpegWithGps(), 'image/jpeg', 'p.jpg', { report: JSON.stringify(report) })).status).toBe(201);
    const { sighting } = await t.sighting(dispatcher.api, offset(base, 20), { notes: `${planted} notes`, uniform: `${planted} vest` });
    const incidentId = sighting.incidentId;
    await expectOk(dispatcher.api.post(`/api/incidents/${incidentId}/witnesses`, { contact: phone, note: `${planted} witness` }), 201);
    await expectOk(dispatcher.api.post(`/api/incidents/${incidentId}/notes`, { text: `${planted} log note` }), 201);
    await expectOk(
      dispatcher.api.post(`/api/incidents/${incidentId}/follow-ups`, {
        kind: 'check_in',
        note: `${planted} family`,
        dueAt: new Date(Date.now() + DAY).toISOString(),
      }),
      201,
    );
    await expectOk(
      dispatcher.api.post(`/api/incidents/${incidentId}/dispatches`, { needs: [{ capability: 'verifier', count: 1 }], note: `${planted} dispatch` }),
      201,
    );
    const view = await expectOk(dispatcher.api.get(`/api/incidents/${incidentId}`));
    await expectOk(dispatcher.api.put(`/api/incidents/${incidentId}/debrief`, { text: `${planted} debrief`, version: view.incident.version }));

    // A confirmed incident elsewhere, reported the same day: its record must survive the purge of the other.
    const kept = await t.sighting(dispatcher.api, offset(base, 5000), { notes: `${planted} evidence` });
    const keptView = await expectOk(dispatcher.api.get(`/api/incidents/${kept.sighting.incidentId}`));
    await expectOk(
      dispatcher.api.post(`/api/incidents/${kept.sighting.incidentId}/status`, { status: 'confirmed', reason: 'seen', version: keptView.incident.version }),
    );

    // Dispatchers read everything in clear; PostgreSQL never saw it in clear.
    const timeline = JSON.stringify(await expectOk(dispatcher.api.get(`/api/incidents/${incidentId}/timeline`)));
    expect(timeline).toContain(`${planted} log note`);
    expect((await expectOk(dispatcher.api.get(`/api/incidents/${incidentId}/witnesses`)))[0].contact).toBe(phone);
    await checkpoint();
    // The search works: what is stored in clear (a username) is found in the data directory.
    expect(filesContaining(path.join(tmp, 'pg'), dispatcher.user.username).length).toBeGreaterThan(0);
    expect(filesContaining(path.join(tmp, 'pg'), planted)).toEqual([]);
    expect(filesContaining(path.join(tmp, 'pg'), phone)).toEqual([]);
    const before = await dump();
    expect(before).not.toContain(planted);
    expect(before).not.toContain(phone);
    // What an attacker with the dump and the disk has: the sealed bytes.
    const sealed = (
      await t.db.query<{ notes: Buffer; contact: Buffer }>(
        `SELECT s.notes, w.contact FROM sightings s JOIN witnesses w ON w.incident_id = s.incident_id WHERE s.id = $1`,
        [sighting.id],
      )
    ).rows[0]!;
    const keys = t.app.get(KeyRing);
    expect(keys.openText(sealed.notes)).toBe(`${planted} notes`);

    // The incident expires (after 4 h without news), then its retention passes (3 days), the witness's too (30
    // days), and the job runs. (The sweeper runs on its minute timer; here it is called after moving the clock.)
    await clock.setTime(clock.now() + 5 * 3_600_000);
    await t.app.get(IncidentSweeper).sweep();
    await clock.setTime(clock.now() + 31 * DAY);
    const result = await t.app.get(RetentionService).run();
    expect(Object.values(result.purged).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    // Gone from SQL, the API and the disk; the dump taken before holds only ciphertext whose keys are destroyed.
    expect((await dispatcher.api.get(`/api/incidents/${incidentId}`)).status).toBe(404);
    expect((await t.db.query('SELECT count(*)::int AS n FROM sightings WHERE incident_id = $1', [incidentId])).rows[0].n).toBe(0);
    expect((await t.db.query('SELECT count(*)::int AS n FROM witnesses WHERE incident_id = $1', [incidentId])).rows[0].n).toBe(0);
    // Its digest is left under a fresh id (leftovers.test.ts checks what else it keeps).
    expect((await t.db.query('SELECT count(*)::int AS n FROM incident_digests WHERE id = $1', [incidentId])).rows[0].n).toBe(0);
    expect((await t.db.query(`SELECT outcome, confirmed, sightings FROM incident_digests WHERE outcome = 'verifying'`)).rows).toEqual([
      { outcome: 'verifying', confirmed: false, sightings: 2 },
    ]);
    expect(keys.openText(sealed.notes)).toBeNull();
    expect(keys.openText(sealed.contact)).toBeNull();
    expect(result.keysDestroyed.some((k) => k.startsWith('report/'))).toBe(true);
    expect(result.keysDestroyed.some((k) => k.startsWith('witness/'))).toBe(true);
    for (const keyId of result.keysDestroyed) expect(existsSync(path.join(t.keysDir, `${keyId}.key`))).toBe(false);
    await checkpoint();
    expect(filesContaining(path.join(tmp, 'pg'), planted)).toEqual([]);
    expect(filesContaining(t.dataDir, planted)).toEqual([]);
    expect(await dump()).not.toContain(planted);

    // The confirmed incident's record is still readable: it moved to the record key before the report key went.
    const evidence = await expectOk(dispatcher.api.get(`/api/incidents/${kept.sighting.incidentId}`));
    expect(evidence.sightings[0].notes).toBe(`${planted} evidence`);
  });
});

/** What is kept follows the incident's outcome: a confirmation withdrawn makes it an unconfirmed report again. */
describe('retention after a confirmation is withdrawn', () => {
  let t: TestApp;
  let clock: TestClock;
  let dispatcher: TestAccount;

  beforeAll(async () => {
    clock = new TestClock(Date.now());
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0', UNCONFIRMED_RETENTION_DAYS: '3' }, { clock });
    dispatcher = await t.account('dispatcher');
  });
  afterAll(() => t.close());

  const keyOf = async (sightingId: string) =>
    (await t.db.query<{ key: string }>('SELECT sealed_key AS key FROM sightings WHERE id = $1', [sightingId])).rows[0]!.key;
  const setStatus = async (incidentId: string, status: string) => {
    const view = await expectOk(dispatcher.api.get(`/api/incidents/${incidentId}`));
    await expectOk(dispatcher.api.post(`/api/incidents/${incidentId}/status`, { status, reason: 'checked', version: view.incident.version }));
  };

  it('keeps the record of another agency once it is resolved (resolved follows only a real incident)', async () => {
    const { sighting } = await t.sighting(dispatcher.api, freshBase(), { notes: 'county sheriff, not ICE' });
    const view = await expectOk(dispatcher.api.get(`/api/incidents/${sighting.incidentId}`));
    await expectOk(
      dispatcher.api.post(`/api/incidents/${sighting.incidentId}/status`, {
        status: 'other_agency',
        otherAgency: 'county sheriff',
        reason: 'seen',
        version: view.incident.version,
      }),
    );
    await setStatus(sighting.incidentId, 'resolved');
    await t.app.get(RetentionService).run();
    expect(await keyOf(sighting.id)).toMatch(/^record\//);
  });

  it('moves a false alarm that was confirmed back under a report key, and purges it like any unconfirmed report', async () => {
    const { sighting } = await t.sighting(dispatcher.api, freshBase(), { notes: 'seen from the bus stop' });
    await setStatus(sighting.incidentId, 'confirmed');
    await t.app.get(RetentionService).run();
    expect(await keyOf(sighting.id)).toMatch(/^record\//);

    // Confirmed by mistake: it was a delivery van.
    await setStatus(sighting.incidentId, 'false_alarm');
    await t.app.get(RetentionService).run();
    expect(await keyOf(sighting.id)).toMatch(/^report\//);
    expect((await expectOk(dispatcher.api.get(`/api/incidents/${sighting.incidentId}`))).sightings[0].notes).toBe('seen from the bus stop');

    // It leaves the live map after 4 hours without news, and goes 3 days later — not after the record's 730 days.
    await clock.setTime(clock.now() + 5 * 3_600_000);
    await t.app.get(IncidentSweeper).sweep();
    await clock.setTime(clock.now() + 4 * DAY);
    await t.app.get(RetentionService).run();
    expect((await dispatcher.api.get(`/api/incidents/${sighting.incidentId}`)).status).toBe(404);
    expect((await t.db.query(`SELECT outcome, confirmed FROM incident_digests WHERE outcome = 'false_alarm'`)).rows).toEqual([
      { outcome: 'false_alarm', confirmed: true },
    ]);
  });
});
