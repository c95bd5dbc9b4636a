import type { OperatorMessage } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { KeyRing } from '../crypto/key-ring.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { type FormerAccount, RetainsData, type RetentionProvider, type RetentionRule, type SealedPurpose } from '../retention/retention-rule.js';
import { CalendarFeedsRepository } from './calendar-feeds.repository.js';
import { ShiftDutyRepository } from './shift-duty.repository.js';
import { OperatorMessagePosted, ScheduleChanged } from './shifts.events.js';
import { OperatorThreadRepository } from './operator-thread.repository.js';
import { ShiftsRepository } from './shifts.repository.js';

/** Key purpose of the operators' thread (destroyed after OPERATOR_THREAD_RETENTION_DAYS). */
export const OPERATOR_THREAD = 'operators';
const LATEST = 200;
const DAY_MS = 86_400_000;

/**
 * The operators' shared thread: questions operators crowdsource during a shift ("which jail takes transfers at
 * night?"). Live to every operator's socket (the realtime module sends it), sealed at rest, kept a week by default.
 * Also the retention owner of the shift module's other personal data.
 */
@Injectable()
@RetainsData()
export class OperatorThread implements RetentionProvider {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly keys: KeyRing,
    private readonly thread: OperatorThreadRepository,
    private readonly duty: ShiftDutyRepository,
    private readonly feeds: CalendarFeedsRepository,
    private readonly shifts: ShiftsRepository,
  ) {}

  latest(): Promise<OperatorMessage[]> {
    return this.thread.latest(this.uow.db, LATEST);
  }

  post(user: AuthUser, text: string): Promise<OperatorMessage> {
    return this.uow.run(async (tx) => {
      const body = this.keys.seal(OPERATOR_THREAD, text);
      const message = await this.thread.insert(tx.db, user.id, body, this.keys.keyIdOf(body)!);
      tx.publish(new OperatorMessagePosted(message));
      return message;
    });
  }

  retentionRules(): RetentionRule[] {
    const days = (ms: number) => Math.round(ms / DAY_MS);
    return [
      {
        what: "Operators' thread messages (sealed) and who wrote them",
        keptFor: (c) => `${days(c.shifts.threadRetentionMs)} days (\`OPERATOR_THREAD_RETENTION_DAYS\`)`,
        why: 'questions and answers of a shift; a standing archive of what operators discussed is what a subpoena would ask for',
        purge: (now) => this.thread.purge(this.uow.db, new Date(now - this.config.shifts.threadRetentionMs)),
      },
      {
        what: 'Duty changes done by shifts (who went on or off duty, when)',
        keptFor: () => '8 days',
        why: 'only to make sure each change happens once, even when a job runs twice',
        purge: (now) => this.duty.purgeRuns(this.uow.db, new Date(now - 8 * DAY_MS)),
      },
      {
        what: 'Shift assignments (handles on weekly shifts), duty-follows-shifts choices, calendar feeds (token hashes)',
        keptFor: () => "until the person leaves the shift, turns it off or revokes the feed, or their account is deleted; ending someone's access keeps them",
        why: 'the schedule itself: who answers the hotline and who goes out, week after week',
        purge: () => Promise.resolve(0),
      },
    ];
  }

  /**
   * A deleted account leaves the schedule: their places on shifts (the shifts show the gap), their calendar feed,
   * their duty-follows-shifts choice and the record of duty changes made for them. What they wrote in the thread
   * stays for its week, under the account's blank name.
   */
  async forgetAccount(tx: Tx, { userId, responderId }: FormerAccount): Promise<void> {
    for (const templateId of await this.shifts.deleteAssignmentsOf(tx.db, userId)) tx.publish(new ScheduleChanged(templateId));
    await this.feeds.revoke(tx.db, userId);
    await this.duty.deleteRunsOf(tx.db, userId);
    if (responderId) await this.duty.setFollowing(tx.db, responderId, false);
  }

  sealedPurposes(): SealedPurpose[] {
    return [{ purpose: OPERATOR_THREAD, minAgeMs: this.config.shifts.threadRetentionMs, references: [{ table: 'operator_messages', column: 'sealed_key' }] }];
  }
}
