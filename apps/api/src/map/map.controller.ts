import type { MapInfo } from '@centinela/contracts';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/roles.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import { mapStyle } from './map-style.js';
import { MapVersionService } from './map-version.service.js';
import { TilesService } from './tiles.service.js';

const tileNumber = (value: string, name: string): number => {
  if (!/^\d{1,7}$/.test(value)) throw DomainError.invalid([{ path: name, message: 'must be a whole number' }]);
  return Number(value);
};

/**
 * The street map this server holds: what is imported, a MapLibre style for it, and its vector tiles. Public:
 * the community report form shows it too, and none of it says anything about the network's activity.
 */
@ApiTags('map')
@Controller('map')
export class MapController {
  constructor(
    private readonly versions: MapVersionService,
    private readonly tiles: TilesService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Which street map this server holds' })
  @ApiOkResponse({ description: 'The imported street map (version, source file, extent, counts), or 404 when none is' })
  info(): MapInfo {
    const map = this.versions.current();
    if (!map) throw DomainError.notFound('street map (none is imported)');
    return map;
  }

  @Get('style.json')
  @Public()
  @ApiOperation({ summary: 'The MapLibre style of the street map, light or dark' })
  @ApiOkResponse({ description: 'A MapLibre style (version 8) for the imported streets; `theme=dark` for night shifts' })
  style(@Query('theme') theme: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Record<string, unknown> {
    if (theme !== undefined && theme !== 'light' && theme !== 'dark') throw DomainError.invalid([{ path: 'theme', message: 'must be light or dark' }]);
    const map = this.versions.current();
    if (!map) throw DomainError.notFound('street map (none is imported)');
    void reply.header('cache-control', 'no-cache');
    return mapStyle(map, theme ?? 'light');
  }

  @Get('tiles/:z/:x/:y')
  @Public()
  @ApiOperation({ summary: 'One vector tile of the street map' })
  @ApiOkResponse({ description: 'A Mapbox Vector Tile (gzip); 204 where the map has nothing' })
  async tile(
    @Param('z') z: string,
    @Param('x') x: string,
    @Param('y') y: string,
    @Query('v') v: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const match = /^(\d{1,7})(\.mvt|\.pbf)?$/.exec(y);
    if (!match) throw DomainError.invalid([{ path: 'y', message: 'must be a whole number, optionally followed by .mvt' }]);
    const tile = await this.tiles.tile(tileNumber(z, 'z'), tileNumber(x, 'x'), Number(match[1]));
    // A URL naming the live version may be cached for a day; any other answer is revalidated.
    void reply.header('cache-control', v === String(tile.version) ? 'public, max-age=86400' : 'no-cache');
    if (!tile.body) {
      await reply.code(204).send();
      return;
    }
    await reply.header('content-type', 'application/vnd.mapbox-vector-tile').header('content-encoding', 'gzip').send(tile.body);
  }
}
