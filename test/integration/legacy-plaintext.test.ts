import type { AlertView, IncidentView, TimelineEntry } from '@centinela/contracts';
import { draft } from '../support/alerts.js';
import { freshBase, squareAround } from '../support/geo.js';
import { expectOk, TestApp, type TestAccount } from '../support/test-app.js';

/**
 * An installation upgraded from an older version: free text that version stored in clear is sealed when the API
 * starts, before anyone reads it, and the clear text leaves the tables.
 */
describe('free text stored in clear by an older version', () => {
  let t: TestApp;
  let dispatcher: TestAccount;
  beforeAll(async () => {
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '0' });
    dispatcher = await t.account('dispatcher');
  });
  afterAll(() => t.close());

  it("seals a log entry's otherAgency left in clear, under the key the entry already names, or the open record's key", async () => {
    const { sighting } = await t.sighting(dispatcher.api, freshBase(), { channel: 'sms' });
    const id = sighting.incidentId;
    const { incident } = await expectOk<IncidentView>(dispatcher.api.get(`/api/incidents/${id}`));
    await expectOk(
      dispatcher.api.post(`/api/incidents/${id}/status`, {
        status: 'other_agency',
        reason: 'county sheriff',
        otherAgency: 'placeholder',
        version: incident.version,
      }),
    );
    // The version before otherAgency was sealed: the reason sealed under the entry's key, otherAgency in clear.
    const keyed = 'LEGACYMARK Officer J. Smith badge 4411';
    const [status] = (
      await t.db.query<{ id: string; sealedKey: string }>(
        `UPDATE incident_log SET detail = jsonb_set(detail, '{otherAgency}', to_jsonb($2::text))
          WHERE incident_id = $1 AND kind = 'status' AND detail->>'to' = 'other_agency' RETURNING id, sealed_key AS "sealedKey"`,
        [id, keyed],
      )
    ).rows;
    expect(status?.sealedKey).toMatch(/^report\//);
    // A version before any sealing: no key, and otherAgency the only text.
    const unkeyed = 'LEGACYMARK Deputy R. Diaz';
    await t.db.query(`INSERT INTO incident_log (incident_id, at, actor, kind, detail) VALUES ($1, now(), 'verifier', 'verdict', $2::jsonb)`, [
      id,
      JSON.stringify({ verdict: 'other_agency', otherAgency: unkeyed }),
    ]);
    const inClear = async () =>
      (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incident_log WHERE incident_id = $1 AND detail::text LIKE '%LEGACYMARK%'`, [id]))
        .rows[0]!.n;
    expect(await inClear()).toBe(2);

    await t.restart();

    expect(await inClear()).toBe(0);
    const keys = (
      await t.db.query<{ id: string; kind: string; sealedKey: string | null }>(
        `SELECT id, kind, sealed_key AS "sealedKey" FROM incident_log WHERE incident_id = $1`,
        [id],
      )
    ).rows;
    expect(keys.find((k) => k.id === status!.id)?.sealedKey).toBe(status!.sealedKey);
    expect(keys.find((k) => k.kind === 'verdict')?.sealedKey).toMatch(/^report\//);
    const timeline = await expectOk<TimelineEntry[]>(t.as(dispatcher).get(`/api/incidents/${id}/timeline`));
    const statusEntry = timeline.find((e) => e.kind === 'status' && e.detail.to === 'other_agency');
    expect([statusEntry?.detail.reason, statusEntry?.detail.otherAgency]).toEqual(['county sheriff', keyed]);
    expect(timeline.find((e) => e.kind === 'verdict')?.detail.otherAgency).toBe(unkeyed);
  });

  it('seals the reasons an older version kept in clear for sending alerts back', async () => {
    const zone = await t.zone(squareAround(freshBase(), 500));
    const created = await expectOk<AlertView>(t.as(dispatcher).post('/api/alerts', draft(zone.id)), 201);
    // What the SealedAlertReasons migration leaves: the approval's reason emptied, its text waiting in legacy_plaintext.
    const because = 'LEGACYMARK the second photo shows a neighbour’s face';
    const [approval] = (
      await t.db.query<{ id: string }>(
        `INSERT INTO alert_approvals (alert_id, hash, estimate, requested_by_name, requested_at, expires_at, status, decided_by_name, decided_at)
         VALUES ($1, 'h', '{}', 'someone', now(), now() + interval '5 minutes', 'rejected', 'approver', now()) RETURNING id`,
        [created.alert.id],
      )
    ).rows;
    await t.db.query(`INSERT INTO legacy_plaintext (table_name, row_id, column_name, value) VALUES ('alert_approvals', $1, 'reason', $2)`, [
      approval!.id,
      because,
    ]);

    await t.restart();

    const left = await t.db.query(`SELECT count(*)::int AS n FROM legacy_plaintext WHERE table_name = 'alert_approvals'`);
    expect(left.rows[0].n).toBe(0);
    const row = (await t.db.query(`SELECT sealed_key AS "sealedKey", encode(reason, 'escape') AS raw FROM alert_approvals WHERE id = $1`, [approval!.id]))
      .rows[0] as { sealedKey: string; raw: string };
    expect(row.sealedKey).toMatch(/^alert-reason\//);
    expect(row.raw).not.toContain('LEGACYMARK');
    const view = await expectOk<AlertView>(t.as(dispatcher).get(`/api/alerts/${created.alert.id}`));
    expect(view.alert.approval).toMatchObject({ status: 'rejected', reason: because });
  });
});
