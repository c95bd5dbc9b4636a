import { Module } from '@nestjs/common';
import { MapController } from './map.controller.js';
import { MapImportRepository } from './map-import.repository.js';
import { MapImportService } from './map-import.service.js';
import { MapMetaRepository } from './map-meta.repository.js';
import { MapVersionService } from './map-version.service.js';
import { TilesRepository } from './tiles.repository.js';
import { TilesService } from './tiles.service.js';

/** The imported street map: import, the live version across processes, the style and vector tiles. */
@Module({
  controllers: [MapController],
  providers: [MapImportRepository, MapImportService, MapMetaRepository, MapVersionService, TilesRepository, TilesService],
  exports: [MapImportService, MapVersionService],
})
export class MapModule {}
