import { EventBus } from '../../apps/api/src/common/events/event-bus.js';
import { retryOnDeadlock } from '../../apps/api/src/database/deadlock.js';
import { UnitOfWork } from '../../apps/api/src/database/unit-of-work.js';
import { TestApp } from '../support/test-app.js';

/**
 * A query on the pool from inside a transaction holds one connection while waiting for another: with every
 * connection taken by work waiting on the first one's locks, the API stops (escalation waves 3–4 did, under a burst).
 * The unit of work refuses it in tests, so the whole suite checks every path for it.
 */
describe('the unit of work', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a query on the pool, or a second transaction, from inside a transaction — and allows both after it', async () => {
    const uow = t.app.get(UnitOfWork);
    await expect(uow.run(() => uow.db.query('SELECT 1'))).rejects.toThrow(/a query on the pool .*inside a transaction/);
    await expect(uow.run(() => uow.run(() => Promise.resolve(1)))).rejects.toThrow(/a second transaction inside a transaction/);
    await expect(uow.run((tx) => tx.db.query<{ one: number }>('SELECT 1 AS one'))).resolves.toEqual([{ one: 1 }]);
    await uow.run(() => Promise.resolve());
    await expect(uow.db.query<{ one: number }>('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('lets background work that follows a commit finish with the database before a shutdown ends the pool', async () => {
    // A reply still going out when the app stops (a deploy): its second statement must not find the pool ended.
    // Global modules shut down in reverse of the order they were scanned, and TypeORM's ended the pool first.
    const own = await TestApp.start();
    const uow = own.app.get(UnitOfWork);
    let outcome: unknown = 'not run';
    own.app.get(EventBus).background('a reply going out', async () => {
      await uow.db.query('SELECT pg_sleep(0.3)');
      outcome = (await uow.db.query<{ one: number }>('SELECT 1 AS one'))[0];
    });
    await own.close();
    expect(outcome).toEqual({ one: 1 });
  });

  it('runs work again that PostgreSQL aborted to break a deadlock (a cancel over rows a worker is updating)', async () => {
    const uow = t.app.get(UnitOfWork);
    // Two transactions, each holding one lock and then asking for the other's: PostgreSQL aborts one of them.
    const crossed = () => {
      const signal = () => {
        let resolve!: () => void;
        const promise = new Promise<void>((r) => (resolve = r));
        return { promise, resolve: () => resolve() };
      };
      const locked = [signal(), signal()] as const;
      const attempts: [number, number] = [0, 0];
      const work = (mine: 0 | 1) => () =>
        uow.run(async (tx) => {
          attempts[mine]++;
          await tx.db.query(`SET LOCAL deadlock_timeout = '50ms'`);
          await tx.db.query('SELECT pg_advisory_xact_lock(7400, $1)', [mine]);
          locked[mine].resolve();
          await locked[mine === 0 ? 1 : 0].promise;
          await tx.db.query('SELECT pg_advisory_xact_lock(7400, $1)', [1 - mine]);
        });
      return { work, attempts };
    };
    const plain = crossed();
    const outcomes = await Promise.allSettled([plain.work(0)(), plain.work(1)()]);
    expect(outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { code?: string }).code] : []))).toEqual(['40P01']);
    const retried = crossed();
    await Promise.all([retryOnDeadlock(retried.work(0)), retryOnDeadlock(retried.work(1))]);
    expect(retried.attempts[0] + retried.attempts[1]).toBe(3);
  });
});
