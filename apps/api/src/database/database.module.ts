import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { dataSourceOptions, type Entities } from './data-source-options.js';
import { UnitOfWork } from './unit-of-work.js';

/** The PostgreSQL + PostGIS connection (migrations run at start) and the unit of work every feature writes through. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(entities: Entities): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => {
            if (!config.databaseUrl) throw new Error('no database URL: main.ts starts the embedded cluster before the app');
            return dataSourceOptions(config.databaseUrl, entities);
          },
        }),
      ],
      providers: [UnitOfWork],
      exports: [UnitOfWork],
    };
  }
}
