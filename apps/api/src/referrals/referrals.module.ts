import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { DirectoryRepository } from './directory.repository.js';
import { HsdsController } from './hsds.controller.js';
import { HsdsService } from './hsds.service.js';
import { IncidentReferralsController } from './incident-referrals.controller.js';
import { IncidentReferralsRepository } from './incident-referrals.repository.js';
import { ReferralsController } from './referrals.controller.js';
import { ReferralsService } from './referrals.service.js';
import { SearchRepository } from './search.repository.js';

/** The referral directory (HSDS-aligned), its search during calls, and referrals in incidents' records. */
@Module({
  imports: [IncidentsModule],
  controllers: [ReferralsController, HsdsController, IncidentReferralsController],
  providers: [DirectoryRepository, SearchRepository, IncidentReferralsRepository, ReferralsService, HsdsService],
  exports: [ReferralsService],
})
export class ReferralsModule {}
