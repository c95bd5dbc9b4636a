import { gzipSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { MapVersionService } from './map-version.service.js';
import { TileCache } from './tile-cache.js';
import { TilesRepository } from './tiles.repository.js';

export const MIN_TILE_ZOOM = 6;
export const MAX_TILE_ZOOM = 16;
/** 64 MB of gzipped tiles: a whole city at z14–16 for the neighbourhoods dispatchers look at. */
const CACHE_BYTES = 64 * 1024 * 1024;

export type Tile = { version: number; body: Buffer | null };

/** Vector tiles of the live map: made by PostGIS on first request, then served from memory (gzipped). */
@Injectable()
export class TilesService {
  private readonly cache = new TileCache(CACHE_BYTES);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: TilesRepository,
    private readonly versions: MapVersionService,
  ) {
    versions.onChange(() => this.cache.clear());
  }

  async tile(z: number, x: number, y: number): Promise<Tile> {
    const map = this.versions.current();
    if (!map) throw DomainError.notFound('street map (none is imported)');
    if (z < MIN_TILE_ZOOM || z > MAX_TILE_ZOOM) throw DomainError.invalid([{ path: 'z', message: `must be between ${MIN_TILE_ZOOM} and ${MAX_TILE_ZOOM}` }]);
    const size = 2 ** z;
    if (x >= size) throw DomainError.invalid([{ path: 'x', message: `must be below ${size} at zoom ${z}` }]);
    if (y >= size) throw DomainError.invalid([{ path: 'y', message: `must be below ${size} at zoom ${z}` }]);
    const key = `${map.version}/${z}/${x}/${y}`;
    const cached = this.cache.get(key);
    if (cached) return { version: map.version, body: cached.length ? cached : null };
    const raw = await this.repository.tile(this.uow.db, z, x, y);
    const body = raw.length ? gzipSync(raw, { level: 6 }) : Buffer.alloc(0);
    this.cache.set(key, body);
    return { version: map.version, body: body.length ? body : null };
  }

  stats(): { hits: number; misses: number; entries: number; bytes: number } {
    return { hits: this.cache.hits, misses: this.cache.misses, ...this.cache.size };
  }
}
