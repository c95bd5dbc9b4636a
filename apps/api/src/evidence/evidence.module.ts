import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { MediaModule } from '../media/media.module.js';
import { EvidenceExportService } from './evidence-export.service.js';
import { EvidenceRetention } from './evidence-retention.js';
import { EvidenceExportsRepository } from './evidence-exports.repository.js';
import { EvidenceController } from './evidence.controller.js';

/** Evidence exports for legal defense, with their audit log. */
@Module({
  imports: [IncidentsModule, MediaModule],
  controllers: [EvidenceController],
  providers: [EvidenceExportService, EvidenceExportsRepository, EvidenceRetention],
})
export class EvidenceModule {}
