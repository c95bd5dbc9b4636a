import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { RetainsData, type RetentionProvider, type RetentionRule, type SealedPurpose } from '../retention/retention-rule.js';
import { ChannelsRepository } from './channels.repository.js';
import { ChannelsService, SENDER } from './channels.service.js';

const days = (ms: number) => `${Math.round(ms / 86_400_000)} days`;

/**
 * What the channel layer keeps: processed provider ids and outbound messages (with the recipient sealed) for
 * SENDER_RETENTION_DAYS, and opt-outs (a keyed hash, not the number) until the sender opts back in. The "sender"
 * keys are destroyed once their day is SENDER_RETENTION_DAYS old and no table registered with
 * ChannelsService.addSealedAddressReference refers to them.
 */
@Injectable()
@RetainsData()
export class ChannelsRetention implements RetentionProvider {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly repository: ChannelsRepository,
    private readonly channels: ChannelsService,
  ) {}

  retentionRules(): RetentionRule[] {
    const ms = this.config.channels.senderRetentionMs;
    return [
      {
        what: 'Messages sent by SMS, WhatsApp or Telegram: delivery status and the recipient (sealed)',
        keptFor: (c) => `${days(c.channels.senderRetentionMs)} after they were sent (SENDER_RETENTION_DAYS)`,
        why: 'long enough to see whether a reply arrived and to answer a follow-up; the number is kept sealed',
        purge: (now) => this.repository.purgeOutbound(this.uow.db, new Date(now - ms)),
      },
      {
        what: 'Ids of provider messages already processed (no content, no number)',
        keptFor: (c) => `${days(c.channels.senderRetentionMs)} (SENDER_RETENTION_DAYS)`,
        why: 'providers retry webhooks for hours; an id seen twice must create nothing twice',
        purge: (now) => this.repository.purgeInbound(this.uow.db, new Date(now - ms)),
      },
      {
        what: 'Opt-outs (STOP, ALTO, BAJA…): a keyed hash of the address under a key never destroyed (reversible with KEYS_DIR), not the number',
        keptFor: () => 'until the sender opts back in (START, ALTA)',
        why: 'a sender who said stop must never be messaged again, including by alerts',
        purge: () => Promise.resolve(0),
      },
    ];
  }

  sealedPurposes(): SealedPurpose[] {
    return [{ purpose: SENDER, minAgeMs: this.config.channels.senderRetentionMs, references: this.channels.sealedAddressReferences }];
  }
}
