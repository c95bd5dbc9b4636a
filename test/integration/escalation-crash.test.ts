import pg from 'pg';
import { ApiProcess, waitFor } from '../support/api-process.js';
import { freshBase, offset, squareAround } from '../support/geo.js';
import { ApiClient } from '../support/api-client.js';
import { sightingBody, TestApp, type TestAccount } from '../support/test-app.js';

/**
 * Escalation survives a crash at any instant: the API (a real child process) is killed with SIGKILL while the
 * wake-up job of wave 2 is active — held there because the test locks the dispatch row the job needs. After a
 * restart, the overdue wave fires within 10 s, and nobody is pinged twice.
 */
describe('escalation across a crash', () => {
  let t: TestApp;
  let dispatcher: TestAccount;
  let api: ApiProcess | undefined;
  const responders: TestAccount[] = [];

  beforeAll(async () => {
    t = await TestApp.start({ AUTO_DISPATCH_VERIFIERS: '1', WAVE_2_AFTER_SECONDS: '3', LOG_LEVEL: 'warn' });
    const base = freshBase();
    const zone = await t.zone(squareAround(base, 800));
    for (let i = 0; i < 4; i++) responders.push(await t.account('responder', { onDuty: true, zones: [zone] }));
    dispatcher = await t.account('dispatcher');
    // From here on the API runs only as child processes on this database.
    await t.stopApp();
    (t as unknown as { base: [number, number] }).base = base;
  });
  afterAll(async () => {
    await api?.stop();
    await t.close();
  });

  it('fires an overdue wave within 10 s of the API being back, pinging nobody twice', async () => {
    api = await ApiProcess.start(t.env());
    const client = new ApiClient(api.baseUrl, dispatcher.token);
    const base = (t as unknown as { base: [number, number] }).base;
    const created = await client.post('/api/sightings', sightingBody(offset(base, 30)));
    expect(created.status).toBe(201);
    const dispatchId: string = created.body.dispatches[0].id;
    const pings = async () => (await t.db.query<{ responder_id: string }>('SELECT responder_id FROM pings WHERE dispatch_id = $1', [dispatchId])).rows;
    expect(await pings()).toHaveLength(2); // wave 1: 1.5 × 1 verifier, rounded up

    // Hold the dispatch: wave 2's job starts when due (3 s) and waits on this lock, active.
    const lock = new pg.Client({ connectionString: t.databaseUrl });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('SELECT id FROM dispatches WHERE id = $1 FOR UPDATE', [dispatchId]);
    await waitFor(
      'the wave-2 job to be active',
      async () =>
        (await t.db.query(`SELECT 1 FROM pgboss.job WHERE name = 'dispatch-escalation' AND state = 'active' AND data->>'dispatchId' = $1`, [dispatchId]))
          .rowCount === 1,
      20_000,
    );
    api.kill('SIGKILL');
    await api.exit();
    await lock.query('ROLLBACK');
    await lock.end();
    expect((await t.db.query('SELECT wave FROM dispatches WHERE id = $1', [dispatchId])).rows[0].wave).toBe(1);

    api = await ApiProcess.start(t.env());
    const back = Date.now();
    await waitFor('wave 2 to fire', async () => (await t.db.query('SELECT wave FROM dispatches WHERE id = $1', [dispatchId])).rows[0].wave === 2, 20_000).catch(
      async (e: unknown) => {
        const jobs = await t.db.query(
          `SELECT state, retry_count, expire_seconds, started_on, start_after, heartbeat_seconds, output FROM pgboss.job WHERE name = 'dispatch-escalation'`,
        );
        process.stdout.write(`${JSON.stringify(jobs.rows, null, 1)}\n${api!.output}\n`);
        throw e;
      },
    );
    const late = Date.now() - back;
    process.stdout.write(`overdue wave fired ${late} ms after the API was back\n`);
    expect(late).toBeLessThan(10_000);

    const after = await pings();
    expect(after).toHaveLength(4);
    expect(new Set(after.map((p) => p.responder_id)).size).toBe(4);
  });
});
