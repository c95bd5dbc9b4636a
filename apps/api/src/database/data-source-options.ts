import type { DataSourceOptions, MixedList } from 'typeorm';
import { migrations } from './migrations/index.js';

export type Entities = MixedList<abstract new (...args: never[]) => unknown>;

/** TypeORM options for a database URL: migrations only (never synchronize), run at start. */
export function dataSourceOptions(url: string, entities: Entities): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: false,
    extra: { max: 20, application_name: 'centinela' },
  };
}
