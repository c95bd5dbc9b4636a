import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { RateLimitsModule } from '../rate-limits/rate-limits.module.js';
import { ShiftsModule } from '../shifts/shifts.module.js';
import { ShiftsService } from '../shifts/shifts.service.js';
import { SightingsModule } from '../sightings/sightings.module.js';
import { CallFlowService } from './call-flow.service.js';
import { CallerIdentity } from './caller-identity.js';
import { CallsController } from './calls.controller.js';
import { CallsRepository } from './calls.repository.js';
import { CallsService } from './calls.service.js';
import { MissedCallAlerts } from './missed-call-alerts.js';
import { ON_SHIFT } from './on-shift.js';
import { OperatorsController } from './operators.controller.js';
import { OperatorsRepository } from './operators.repository.js';
import { OperatorsService } from './operators.service.js';
import { Ringer } from './ringer.js';
import { TimelineRecorder } from './timeline-recorder.js';
import { VoiceProvider } from './voice-provider.js';
import { VoiceWebhooksController } from './voice-webhooks.controller.js';

/** The hotline's calls: Twilio's voice webhooks, operators' call settings, the console's calls, missed-call alerts. */
@Module({
  imports: [ChannelsModule, IncidentsModule, SightingsModule, RateLimitsModule, ShiftsModule],
  controllers: [VoiceWebhooksController, CallsController, OperatorsController],
  providers: [
    CallFlowService,
    CallerIdentity,
    CallsRepository,
    CallsService,
    MissedCallAlerts,
    OperatorsRepository,
    OperatorsService,
    Ringer,
    TimelineRecorder,
    VoiceProvider,
    { provide: ON_SHIFT, useExisting: ShiftsService },
  ],
})
export class HotlineModule {}
