import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { type FormerAccount, RetainsData, type RetentionProvider, type RetentionRule } from '../retention/retention-rule.js';
import { AlertsRepository } from './alerts.repository.js';

const DAY_MS = 86_400_000;

/** Owner of the alerts themselves and their log for the retention job (subscribers and deliveries: SubscriptionsService). */
@Injectable()
@RetainsData()
export class AlertsRetention implements RetentionProvider {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly alerts: AlertsRepository,
  ) {}

  retentionRules(): RetentionRule[] {
    return [
      {
        what: 'Alerts: their text, audience, who wrote and approved them, and their log',
        keptFor: () => "kept, as the network's record, once approved for sending; a deleted account's name on them becomes its blank name",
        why: 'what the network told the community, and who decided it (two people, every time)',
        purge: () => Promise.resolve(0),
      },
      {
        what: 'Alerts never sent (drafts, alerts waiting for approval, or cancelled before sending), with their approvals and log',
        keptFor: (c) => `${Math.round(c.alerts.draftRetentionMs / DAY_MS)} days after their last change (ALERT_DRAFT_RETENTION_DAYS)`,
        why: 'a draft may hold what was not verified; once nobody works on it, nothing needs it',
        purge: (now) => this.alerts.purgeNeverSent(this.uow.db, new Date(now - this.config.alerts.draftRetentionMs)),
      },
    ];
  }

  async forgetAccount(tx: Tx, { userId, label }: FormerAccount): Promise<void> {
    await this.alerts.renamePerson(tx.db, userId, label);
  }
}
