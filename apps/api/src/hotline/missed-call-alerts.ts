import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Clock, CLOCK } from '../common/clock.js';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ChannelsService } from '../channels/channels.service.js';
import { Mailer } from '../channels/mailer.js';
import { CallsRepository } from './calls.repository.js';
import { CallMissed } from './hotline.events.js';
import { OperatorsRepository } from './operators.repository.js';
import { providerFailure } from '../common/errors/provider-failure.js';

/**
 * A missed call alerts the operators who were rung (or the fallback group): an SMS and an email each, once per
 * call, in the background. The text names the time and language and links to the console — never the caller's
 * number, which stays sealed in the database for whoever takes the call-back.
 */
@Injectable()
export class MissedCallAlerts {
  private readonly logger = new Logger(MissedCallAlerts.name);
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly calls: CallsRepository,
    private readonly operators: OperatorsRepository,
    private readonly channels: ChannelsService,
    private readonly mailer: Mailer,
  ) {}

  @OnDomainEvent(CallMissed, { background: true })
  async missed({ callId, language, startedAt }: CallMissed): Promise<void> {
    if (!(await this.calls.markAlerted(this.uow.db, callId, new Date(this.clock.now())))) return;
    const time = new Intl.DateTimeFormat('en-US', { timeZone: this.config.timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(startedAt);
    const link = `${this.config.channels.publicUrl ?? ''}/dispatch`;
    const lang = language ? ` (${language})` : '';
    const text = `Centinela: missed hotline call${lang} at ${time}. Call back from the console: ${link}`;
    for (const person of await this.operators.alertable(this.uow.db, callId)) {
      if (person.phone && this.channels.enabled('sms')) {
        await this.channels
          .send({ channel: 'sms', address: person.phone, text, ref: `missed-call:${callId}:${person.userId}` })
          .catch((e: unknown) => this.warn('SMS', e));
      }
      if (person.email) await this.mailer.send({ to: person.email, subject: `Missed hotline call at ${time}`, text });
    }
  }

  private warn(what: string, error: unknown): void {
    this.logger.warn(`a missed-call ${what} failed: ${providerFailure(error)}`);
  }
}
