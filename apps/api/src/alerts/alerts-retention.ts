import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/unit-of-work.js';
import { type FormerAccount, RetainsData, type RetentionProvider, type RetentionRule } from '../retention/retention-rule.js';
import { AlertsRepository } from './alerts.repository.js';

/** Owner of the alerts themselves and their log for the retention job (subscribers and deliveries: SubscriptionsService). */
@Injectable()
@RetainsData()
export class AlertsRetention implements RetentionProvider {
  constructor(private readonly alerts: AlertsRepository) {}

  retentionRules(): RetentionRule[] {
    return [
      {
        what: 'Alerts: their text, audience, who wrote and approved them, and their log',
        keptFor: () => "kept, as the network's record; a deleted account's name on them becomes its blank name",
        why: 'what the network told the community, and who decided it (two people, every time)',
        purge: () => Promise.resolve(0),
      },
    ];
  }

  async forgetAccount(tx: Tx, { userId, label }: FormerAccount): Promise<void> {
    await this.alerts.renamePerson(tx.db, userId, label);
  }
}
