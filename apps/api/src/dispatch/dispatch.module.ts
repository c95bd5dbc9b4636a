import { Module } from '@nestjs/common';
import { RespondersModule } from '../responders/responders.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { CandidatePools } from './candidate-pools.js';
import { DispatchService } from './dispatch.service.js';
import { DispatchesController } from './dispatches.controller.js';
import { DispatchesRepository } from './dispatches.repository.js';
import { Escalation } from './escalation.js';
import { PingsController } from './pings.controller.js';
import { PingOutbox } from './ping-outbox.js';
import { PingsRepository } from './pings.repository.js';
import { PushModule } from '../push/push.module.js';

/** Who is asked to go to a sighting, in escalating waves, and their answers. */
@Module({
  imports: [RespondersModule, ZonesModule, PushModule],
  controllers: [DispatchesController, PingsController],
  providers: [DispatchesRepository, PingsRepository, CandidatePools, Escalation, DispatchService, PingOutbox],
  exports: [DispatchService],
})
export class DispatchModule {}
