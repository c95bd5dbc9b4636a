import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options.js';
import { entities } from '../../apps/api/src/entities.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

describe('database schema', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(dataSourceOptions(database.url, entities));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('is exactly what the entities describe: the migrations leave nothing for TypeORM to change', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('has a GiST index on every geometry column', async () => {
    const columns: { table: string; column: string; indexed: boolean }[] = await dataSource.query(`
      SELECT c.table_name AS table, c.column_name AS column,
             EXISTS (SELECT 1 FROM pg_indexes i WHERE i.tablename = c.table_name
                       AND i.indexdef ILIKE '%USING gist%(' || c.column_name || ')%') AS indexed
        FROM information_schema.columns c
       WHERE c.table_schema = 'public' AND c.udt_name = 'geometry'`);
    expect(columns.length).toBeGreaterThanOrEqual(2);
    expect(columns.filter((c) => !c.indexed)).toEqual([]);
  });

  it('stores sightings and incidents as Point and zones as MultiPolygon in SRID 4326', async () => {
    const rows: { table: string; type: string; srid: number }[] = await dataSource.query(
      `SELECT f_table_name AS table, type, srid FROM geometry_columns ORDER BY f_table_name`,
    );
    expect(rows).toEqual([
      { table: 'incidents', type: 'POINT', srid: 4326 },
      { table: 'referral_service_areas', type: 'MULTIPOLYGON', srid: 4326 },
      { table: 'sightings', type: 'POINT', srid: 4326 },
      { table: 'zones', type: 'MULTIPOLYGON', srid: 4326 },
    ]);
  });

  it('runs every migration down and up again', async () => {
    for (const _migration of dataSource.migrations) await dataSource.undoLastMigration();
    const [{ exists }] = await dataSource.query(`SELECT to_regclass('public.sightings') IS NOT NULL AS exists`);
    expect(exists).toBe(false);
    await dataSource.runMigrations();
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries).toEqual([]);
  });
});
