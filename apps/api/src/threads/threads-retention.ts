import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { RetainsData, type RetentionProvider, type RetentionRule } from '../retention/retention-rule.js';
import { ThreadsRepository } from './threads.repository.js';

/**
 * Threads go whole (the sender's sealed number, every message and photo) SENDER_RETENTION_DAYS after their last
 * message; what a dispatcher turned into a sighting lives on in the incident's record under its own retention.
 * Their "sender" keys are destroyed by the channel layer's sealed purpose (this module registers its tables there).
 */
@Injectable()
@RetainsData()
export class ThreadsRetention implements RetentionProvider {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly threads: ThreadsRepository,
  ) {}

  retentionRules(): RetentionRule[] {
    return [
      {
        what: 'Message threads: the sender (sealed number or chat id), messages and photos (sealed)',
        keptFor: (c) => `${Math.round(c.channels.senderRetentionMs / 86_400_000)} days after the last message (SENDER_RETENTION_DAYS)`,
        why: 'a conversation is needed while the situation is live; a sighting made from it keeps what matters in the record',
        purge: (now) => this.threads.purge(this.uow.db, new Date(now - this.config.channels.senderRetentionMs)),
      },
    ];
  }
}
