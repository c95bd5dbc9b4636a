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

const rowsOf = (client: pg.Pool | pg.PoolClient): Db => ({
  query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
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
   * Delivers events of work that is already durable. Listeners that return a promise (deleting what going
   * off duty ends, say) are awaited, so a request answers after its consequences; slow work such as sending
   * pushes is started by its listener, not awaited. Listener errors are logged, never thrown back.
   */
  async deliver(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) await this.emitter.emitAsync(event.type, event);
  }
}
