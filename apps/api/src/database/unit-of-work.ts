import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger } from '@nestjs/common';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import type { DomainEvent } from '../common/events/domain-event.js';
import { EventBus } from '../common/events/event-bus.js';
import { ClusterChannel } from '../cluster/cluster-channel.js';
import { KeyRing } from '../crypto/key-ring.js';
import { SEALED_MARKER } from './sql.js';

/** Runs parameterised SQL and returns the rows. Repositories take one: the pool, or a transaction's client. */
export type Db = {
  /** Rows typed by the caller: each repository names the shape its SQL returns. */
  query<Row extends object>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
};

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

/**
 * Work to do inside every transaction that runs within an async context, just before it commits (one hook per
 * context). The idempotency layer uses it to record, atomically with the work, that a request's effects committed.
 */
export type BeforeCommit = (db: Db) => Promise<void>;
export const beforeCommit = new AsyncLocalStorage<BeforeCommit>();

/** Whether a statement's results may hold sealed values (decided once per SQL text). */
const mayHoldSealed = new Map<string, boolean>();
const holdsSealed = (sql: string): boolean => {
  let answer = mayHoldSealed.get(sql);
  if (answer === undefined) mayHoldSealed.set(sql, (answer = sql.includes(SEALED_MARKER)));
  return answer;
};

/**
 * Set while a transaction's work runs. A query on the pool (or a second transaction) from inside it waits for a
 * free connection while holding one and its locks: when every connection is taken by work waiting on those locks,
 * the whole API stops (measured: escalation waves 3–4 deadlocked under a burst). Tests fail on it; in production
 * it is logged once per statement.
 */
const inTransaction = new AsyncLocalStorage<true>();
const reported = new Set<string>();
function poolInsideTransaction(what: string): void {
  if (!inTransaction.getStore()) return;
  const message = `${what} inside a transaction (use the transaction's db): it can deadlock the connection pool`;
  if (process.env.NODE_ENV === 'test') throw new Error(message);
  if (reported.has(what)) return;
  reported.add(what);
  new Logger('UnitOfWork').error(`${message}\n${new Error().stack ?? ''}`);
}

const rowsOf = (client: pg.Pool | pg.PoolClient, keys: KeyRing, isPool = false): Db => ({
  query: async <Row extends object>(sql: string, params?: readonly unknown[]) => {
    if (isPool) poolInsideTransaction(`a query on the pool (${sql.slice(0, 80).replace(/\s+/g, ' ')})`);
    const name = statementName(sql);
    const values = (params ?? []) as unknown[];
    const result = name ? await client.query<Row>({ name, text: sql, values }) : await client.query<Row>(sql, values);
    if (holdsSealed(sql)) for (const row of result.rows) openSealed(row, keys);
    return result.rows;
  },
});

/** Replaces every `{ "$sealed": base64 }` in a result (at any depth) by its decrypted text, '' if shredded. */
function openSealed(value: unknown, keys: KeyRing): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = openSealed(value[i], keys);
    return value;
  }
  const record = value as Record<string, unknown>;
  const sealed = record[SEALED_MARKER];
  if (typeof sealed === 'string' && Object.keys(record).length === 1) return keys.openText(Buffer.from(sealed, 'base64')) ?? '';
  for (const key of Object.keys(record)) record[key] = openSealed(record[key], keys);
  return record;
}

/**
 * Runs work in one transaction and delivers the domain events it published only after the commit;
 * a rollback drops them. Handlers (`@OnDomainEvent`) therefore never see state that did not happen.
 *
 * Sealed values in results (`sealedText(column)` in the SQL) come back decrypted (see KeyRing).
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
    private readonly bus: EventBus,
    private readonly keys: KeyRing,
    private readonly cluster: ClusterChannel,
  ) {
    this.pool = (dataSource.driver as PostgresDriver).master as pg.Pool;
    this.db = rowsOf(this.pool, keys, true);
  }

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    poolInsideTransaction('a second transaction');
    const events: DomainEvent[] = [];
    const client = await this.pool.connect();
    let result: T;
    try {
      await client.query('BEGIN');
      const db = rowsOf(client, this.keys);
      result = await inTransaction.run(true, () => work({ db, publish: (event) => events.push(event) }));
      await beforeCommit.getStore()?.(db);
      await this.tellOtherProcesses(db, events);
      await client.query('COMMIT');
    } catch (error) {
      const broken = await client.query('ROLLBACK').then(
        () => undefined,
        (rollbackError: unknown) => (rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))),
      );
      client.release(broken);
      throw error;
    }
    client.release();
    await this.deliver(events);
    return result;
  }

  /** Events that change what other processes cache are announced to them inside the transaction (once per change). */
  private async tellOtherProcesses(db: Db, events: readonly DomainEvent[]): Promise<void> {
    const seen = new Set<string>();
    for (const event of events) {
      if (!event.cluster) continue;
      const key = JSON.stringify(event.cluster);
      if (seen.has(key)) continue;
      seen.add(key);
      await this.cluster.notifyIn(db, event.cluster.topic, event.cluster.data);
    }
  }

  /** Hands events of work that is already durable to the event bus (see EventBus for the order of delivery). */
  deliver(events: readonly DomainEvent[]): Promise<void> {
    return this.bus.deliver(events);
  }
}
