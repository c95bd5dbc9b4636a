import { EventBus } from '../../apps/api/src/common/events/event-bus.js';
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
});
