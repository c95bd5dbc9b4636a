import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options.js';
import { entities } from '../../apps/api/src/entities.js';
import { migrations } from '../../apps/api/src/database/migrations/index.js';

/** Named after the migrations it holds, so a template made by older code is never reused. */
const TEMPLATE = `centinela_template_${createHash('sha256')
  .update(migrations.map((m) => m.name).join())
  .digest('hex')
  .slice(0, 12)}`;

/** A server a test started itself (to look at its data directory), used instead of TEST_DATABASE_URL. */
let serverOverride: string | undefined;
export function useTestServer(url: string | undefined): void {
  serverOverride = url;
}

/** The PostgreSQL server tests run against: TEST_DATABASE_URL, set by `npm test` to a private throwaway cluster. */
export function testServerUrl(): string {
  if (serverOverride) return serverOverride;
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`, which starts a private test cluster');
  return url;
}

const urlFor = (database: string) => {
  const url = new URL(testServerUrl());
  url.pathname = `/${database}`;
  return url.toString();
};

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates, once per server, a template database with PostGIS and every real migration applied. */
async function ensureTemplate(): Promise<void> {
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock(7461)');
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE]);
      if (rowCount) return;
      await admin.query(`CREATE DATABASE ${TEMPLATE}`);
      const dataSource = new DataSource({ ...dataSourceOptions(urlFor(TEMPLATE), entities), migrationsRun: false });
      await dataSource.initialize();
      await dataSource.query('CREATE EXTENSION IF NOT EXISTS postgis');
      await dataSource.runMigrations();
      await dataSource.destroy();
    } finally {
      await admin.query('SELECT pg_advisory_unlock(7461)');
    }
  });
}

export type TestDatabase = { url: string; drop(): Promise<void> };

/** A fresh database of its own for one test file, copied from the migrated template in ~100 ms. */
export async function createTestDatabase(): Promise<TestDatabase> {
  await ensureTemplate();
  const name = `centinela_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`));
  return {
    url: urlFor(name),
    drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
