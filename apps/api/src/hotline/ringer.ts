import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { CallsRepository } from './calls.repository.js';
import { LegsAdded, LegsStopped } from './hotline.events.js';
import { OperatorsRepository } from './operators.repository.js';
import { VoiceProvider } from './voice-provider.js';
import { voiceWebhookUrl } from './voice-urls.js';
import { providerFailure } from '../common/errors/provider-failure.js';

/**
 * The provider's side of a call's legs, after the TwiML answer: rings the phones of new legs (all at once, one REST
 * call each) and stops legs that must stop. The webhooks never wait on Twilio's REST API (100–300 ms away from a
 * server), so their answers stay fast; the bus tracks this work and a shutdown waits for it. A leg whose
 * call was taken or given up while its phone was being rung is stopped as soon as its sid is known.
 */
@Injectable()
export class Ringer {
  private readonly logger = new Logger(Ringer.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly calls: CallsRepository,
    private readonly operators: OperatorsRepository,
    private readonly provider: VoiceProvider,
  ) {}

  @OnDomainEvent(LegsAdded, { background: true })
  async ring({ callId, legs }: LegsAdded): Promise<void> {
    const phones = new Map((await this.operators.phones(this.uow.db, [...new Set(legs.map((l) => l.userId))])).map((p) => [p.userId, p.phone]));
    const publicUrl = this.config.channels.publicUrl;
    await Promise.all(
      legs.map(async ({ legId, userId }) => {
        const phone = phones.get(userId);
        let sid: string | null = null;
        if (phone) {
          try {
            sid = await this.provider.ring(
              phone,
              voiceWebhookUrl(publicUrl, 'whisper', { call: callId, leg: legId }),
              voiceWebhookUrl(publicUrl, 'leg-status', { call: callId, leg: legId }),
              this.config.hotline.ringSeconds,
            );
          } catch (error) {
            this.logger.warn(`could not ring an operator for call ${callId}: ${providerFailure(error)}`);
          }
        }
        if (!(await this.calls.setLegSid(this.uow.db, legId, sid)) && sid) await this.provider.hangUp(sid);
      }),
    );
  }

  @OnDomainEvent(LegsStopped, { background: true })
  async stop({ providerSids }: LegsStopped): Promise<void> {
    await Promise.all(providerSids.map((sid) => this.provider.hangUp(sid)));
  }
}
