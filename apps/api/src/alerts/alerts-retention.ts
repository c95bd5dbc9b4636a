import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { type FormerAccount, RetainsData, type RetentionProvider, type RetentionRule, type SealedPurpose } from '../retention/retention-rule.js';
import { ALERT_REASON, AlertApprovalsRepository } from './alert-approvals.repository.js';
import { AlertsRepository } from './alerts.repository.js';

const DAY_MS = 86_400_000;
const BATCH = 200;

/**
 * Owner of the alerts themselves, their approvals and their log for the retention job (subscribers and deliveries:
 * SubscriptionsService). The reason an approver gives for sending an alert back is sealed under "alert-reason" keys
 * and forgotten ALERT_DRAFT_RETENTION_DAYS after the decision, even on an alert that is kept.
 */
@Injectable()
@RetainsData()
export class AlertsRetention implements RetentionProvider, OnApplicationBootstrap {
  private readonly logger = new Logger(AlertsRetention.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly alerts: AlertsRepository,
    private readonly approvalRequests: AlertApprovalsRepository,
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
        what: 'Alerts never sent (drafts, alerts waiting for approval, or cancelled before sending) and drill alerts, with their approvals and log',
        keptFor: (c) => `${Math.round(c.alerts.draftRetentionMs / DAY_MS)} days after their last change (ALERT_DRAFT_RETENTION_DAYS)`,
        why: 'a draft may hold what was not verified, and a drill alert was practice; once nobody works on it, nothing needs it (a drill keeps its report)',
        purge: (now) => this.alerts.purgeNeverSent(this.uow.db, new Date(now - this.config.alerts.draftRetentionMs)),
      },
      {
        what: 'Reasons given for sending an alert back (sealed)',
        keptFor: (c) =>
          `${Math.round(c.alerts.draftRetentionMs / DAY_MS)} days after the decision (ALERT_DRAFT_RETENTION_DAYS), then blanked — the alert keeps who sent it back and when — and their key destroyed`,
        why: "the author needs it to fix the draft; an approver's reason may name the people or the home in an incident",
        purge: (now) => this.approvalRequests.forgetReasons(this.uow.db, new Date(now - this.config.alerts.draftRetentionMs)),
      },
    ];
  }

  sealedPurposes(): SealedPurpose[] {
    return [{ purpose: ALERT_REASON, minAgeMs: this.config.alerts.draftRetentionMs, references: [{ table: 'alert_approvals', column: 'sealed_key' }] }];
  }

  /** Reasons an older version stored in clear are sealed at start, before anyone reads them. */
  async onApplicationBootstrap(): Promise<void> {
    let sealed = 0;
    for (;;) {
      const batch = await this.approvalRequests.legacyReasons(this.uow.db, BATCH);
      if (batch.length === 0) break;
      for (const { rowId, value } of batch) await this.approvalRequests.placeLegacyReason(this.uow.db, rowId, value);
      sealed += batch.length;
    }
    if (sealed > 0) this.logger.log(`sealed ${sealed} alert rejection reasons stored before sealing existed`);
  }

  async forgetAccount(tx: Tx, { userId, label }: FormerAccount): Promise<void> {
    await this.alerts.renamePerson(tx.db, userId, label);
  }
}
