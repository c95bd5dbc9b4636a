import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work.js';
import { RetainsData, type RetentionProvider, type RetentionRule } from '../retention/retention-rule.js';
import { TelegramDraftsRepository } from './telegram-drafts.repository.js';

/** Unfinished Telegram reports are dropped a day after the sender last answered. */
@Injectable()
@RetainsData()
export class TelegramDraftsRetention implements RetentionProvider {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly drafts: TelegramDraftsRepository,
  ) {}

  retentionRules(): RetentionRule[] {
    return [
      {
        what: 'Unfinished Telegram reports (place, what was seen; sealed)',
        keptFor: () => 'a day after the sender last answered',
        why: 'an abandoned report is not worth keeping; a finished one becomes a sighting',
        purge: (now) => this.drafts.purge(this.uow.db, new Date(now - 86_400_000)),
      },
    ];
  }
}
