import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { MapInfo } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { type AppConfig, REPO_ROOT } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { fold, printedStreet, streetKey } from '../geocoding/street-names.js';
import { ClusterChannel } from '../cluster/cluster-channel.js';
import { MAP_TOPIC, MapImportRepository, STAGING } from './map-import.repository.js';
import { MapVersionService } from './map-version.service.js';

/** The osm2pgsql flex style that says what Centinela takes from an extract. */
export const OSM_STYLE = path.join(REPO_ROOT, 'apps/api/osm/centinela.lua');
const ACCEPTED = /\.(osm|osm\.pbf|pbf|osm\.bz2|osm\.gz|o5m)$/i;

export type ImportProgress = (line: string) => void;
export type ImportResult = MapInfo & { seconds: number };

/** Whether Debian's osm2pgsql (or another on PATH) can be run. */
export function osm2pgsqlAvailable(): boolean {
  return spawnSync('osm2pgsql', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Imports an OpenStreetMap extract (`.osm.pbf` from any extract provider, or `.osm` XML) with osm2pgsql
 * into a staging schema, derives the search tables, and swaps it in as the live map in one transaction.
 * A failed import leaves the live map as it was. Every API process switches to the new map on its NOTIFY.
 */
@Injectable()
export class MapImportService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly repository: MapImportRepository,
    private readonly versions: MapVersionService,
    private readonly cluster: ClusterChannel,
  ) {}

  async import(file: string, progress: ImportProgress = () => undefined): Promise<ImportResult> {
    if (!ACCEPTED.test(file)) throw DomainError.invalid([{ path: 'file', message: 'must be an OpenStreetMap extract (.osm.pbf or .osm)' }]);
    if (!existsSync(file) || !statSync(file).isFile()) throw DomainError.invalid([{ path: 'file', message: `${file} does not exist` }]);
    if (!osm2pgsqlAvailable())
      throw new DomainError('unsupported_media', 'osm2pgsql is not installed: run `apt-get install -y osm2pgsql` (npm start and map:import do this as root)');
    const started = performance.now();
    const db = new pg.Client({ connectionString: this.config.databaseUrl });
    await db.connect();
    try {
      if (!(await this.repository.lock(db))) throw DomainError.conflict('another map import is running').because('map.importRunning');
      try {
        await this.repository.resetStaging(db);
        progress(`reading ${path.basename(file)} with osm2pgsql`);
        await this.runOsm2pgsql(file, progress);
        progress('deriving streets, intersections, addresses and places');
        const names = await this.repository.streetNames(db);
        await this.repository.buildStreets(
          db,
          names.map((name) => ({
            name,
            ...streetKey(name),
            short: printedStreet(name, { withDirection: false }),
            abbrev: printedStreet(name, { withDirection: true }),
          })),
        );
        await this.repository.buildIntersections(db);
        await this.repository.buildAddresses(db);
        const places = await this.repository.placeNames(db);
        await this.repository.buildPlaces(
          db,
          places.map((name) => ({ name, norm: fold(name) })),
        );
        await this.repository.analyze(db);
        const counts = await this.repository.counts(db);
        const bbox = await this.repository.bbox(db);
        if (!bbox) throw DomainError.invalid([{ path: 'file', message: 'the extract has no streets' }]);
        await this.repository.swap(db, { source: path.basename(file), bbox, counts, at: new Date(this.clock.now()) }, (tx, version) =>
          this.cluster.notifyIn(tx, MAP_TOPIC, { version }),
        );
      } catch (error) {
        await this.repository.dropStaging(db).catch(() => undefined);
        throw error;
      } finally {
        await this.repository.unlock(db).catch(() => undefined);
      }
    } finally {
      await db.end();
    }
    const map = (await this.versions.reload())!;
    return { ...map, seconds: (performance.now() - started) / 1000 };
  }

  private runOsm2pgsql(file: string, progress: ImportProgress): Promise<void> {
    // The connection goes through libpq's environment, so no password shows in the process list.
    const url = new URL(this.config.databaseUrl!);
    const env = {
      ...process.env,
      CENTINELA_MAP_SCHEMA: STAGING,
      PGHOST: url.hostname,
      PGPORT: url.port || '5432',
      PGUSER: decodeURIComponent(url.username),
      PGPASSWORD: decodeURIComponent(url.password),
      PGDATABASE: decodeURIComponent(url.pathname.slice(1)),
      ...(url.searchParams.get('sslmode') ? { PGSSLMODE: url.searchParams.get('sslmode')! } : {}),
    };
    const args = ['--create', '--output=flex', `--style=${OSM_STYLE}`, `--database=${env.PGDATABASE}`, '--log-level=warn', file];
    return new Promise((resolve, reject) => {
      const child = spawn('osm2pgsql', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let tail = '';
      const collect = (chunk: Buffer) => {
        tail = (tail + chunk.toString()).slice(-4000);
        for (const line of chunk.toString().split('\n')) if (line.trim()) progress(line.trim());
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('error', reject);
      child.on('exit', (code) => {
        if (code === 0) resolve();
        else
          reject(
            DomainError.invalid([{ path: 'file', message: `osm2pgsql could not read it (exit ${code}): ${tail.trim().split('\n').slice(-3).join(' ')}` }]),
          );
      });
    });
  }
}
