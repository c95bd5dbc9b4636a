import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import type { TestClock } from 'pg-boss';
import { createApp } from '../../apps/api/src/app.factory.js';
import { loadConfig } from '../../apps/api/src/config/app-config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { testAppEnv } from '../support/test-app.js';
import { Builders } from './builders.js';

/**
 * The medium tier's application: the real Nest app (every module, the real migrations) on a PostGIS database of its
 * own, initialised but never listening: no HTTP port, no HTTP client. Specs take services with `get(...)` and make
 * data with `build` (builders.ts), which goes through the same services. One per spec file, shared by its tests.
 */
export class MediumApp {
  readonly build: Builders;

  private constructor(
    readonly app: INestApplication,
    private readonly database: TestDatabase,
    private readonly dataDir: string,
    readonly clock: TestClock | undefined,
  ) {
    this.build = new Builders(this);
  }

  /** With `clock`, every time-based rule of the app (and pg-boss's job clock) reads it; without, the system clock. */
  static async start(env: Record<string, string> = {}, options: { clock?: TestClock } = {}): Promise<MediumApp> {
    const database = await createTestDatabase();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'centinela-medium-'));
    try {
      const config = loadConfig({ ...testAppEnv(database.url, dataDir), ...env });
      // createApp ends with app.init(): modules are bootstrapped (roster and zone index loaded, job handlers registered).
      const app = await createApp(config, options.clock ? { clock: options.clock } : {});
      return new MediumApp(app, database, dataDir, options.clock);
    } catch (error) {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** A provider of the running app (a service, a repository, the roster). */
  get<T>(type: Type<T>): T {
    return this.app.get(type);
  }

  /** Stops the app, drops its database and removes its data directory. */
  async close(): Promise<void> {
    try {
      await this.app.close();
    } finally {
      await this.database.drop();
      rmSync(this.dataDir, { recursive: true, force: true });
    }
  }
}
