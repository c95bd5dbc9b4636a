import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import type { DomainEvent } from '../common/events/domain-event.js';

/** Runs parameterised SQL and returns the rows. Repositories take one: the pool, or a transaction's client. */
export interface Db {
  query<Row = any>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** A running transaction: run SQL on `db`, record events with `publish`. */
export type Tx = { db: Db; publish(event: DomainEvent): void };

/**
 * Every statement runs as a named prepared statement: PostgreSQL parses and plans it once per connection
 * instead of on every call (planning was 0.5–1.4 ms of the hot statements; see docs/PERFORMANCE.md).
 * Names are stable per SQL text. Past MAX_PREPARED distinct texts (SQL built with a varying shape), the
 * rest run unnamed, so a connection never holds an unbounded number of plans.
 */
const MAX_PREPARED = 1_000;
const names = new Map<string, string>();
const statementName = (sql: string): string | undefined => {
  let name = names.get(sql);
  if (!name && names.size < MAX_PREPARED) names.set(sql, (name = `c${names.size}`));
  return name;
};

const rowsOf = (client: pg.Pool | pg.PoolClient): Db => ({
  query: async (sql, params) => {
    const name = statementName(sql);
    const values = (params ?? []) as unknown[];
    return (await (name ? client.query({ name, text: sql, values }) : client.query(sql, values))).rows;
  },
});

/**
 * Runs work in one transaction and delivers the domain events it published only after the commit;
 * a rollback drops them. Listeners (`@OnEvent(type)`) therefore never see state that did not happen.
 *
 * Repositories talk to node-postgres directly through TypeORM's pool: TypeORM owns the schema (entities,
 * migrations) and the connection's lifecycle; the hot path pays for nothing but the SQL.
 */
@Injectable()
export class UnitOfWork {
  private readonly pool: pg.Pool;
  readonly db: Db;

  constructor(
    dataSource: DataSource,
    private readonly emitter: EventEmitter2,
  ) {
    this.pool = (dataSource.driver as PostgresDriver).master as pg.Pool;
    this.db = rowsOf(this.pool);
  }

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const events: DomainEvent[] = [];
    const client = await this.pool.connect();
    let result: T;
    try {
      await client.query('BEGIN');
      result = await work({ db: rowsOf(client), publish: (event) => events.push(event) });
      await client.query('COMMIT');
    } catch (error) {
      const broken = await client.query('ROLLBACK').then(
        () => undefined,
        (rollbackError: Error) => rollbackError,
      );
      client.release(broken);
      throw error;
    }
    client.release();
    await this.deliver(events);
    return result;
  }

  /**
   * Delivers events of work that is already durable. Every event's listeners start at once, in publish order,
   * so the synchronous ones (socket emits: pings, `sighting.created`) go out before any listener's database
   * work; listeners that return a promise (loading a view to broadcast, deleting what going off duty ends) run
   * side by side and are awaited, so a request answers after its consequences. Slow work such as sending
   * pushes is started by its listener, not awaited. Listener errors are logged, never thrown back.
   */
  async deliver(events: readonly DomainEvent[]): Promise<void> {
    await Promise.all(events.map((event) => this.emitter.emitAsync(event.type, event)));
  }
}
