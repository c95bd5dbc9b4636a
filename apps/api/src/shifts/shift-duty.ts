import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { JobQueue } from '../jobs/job-queue.js';
import { WebPushSender } from '../push/web-push.sender.js';
import { RespondersService } from '../responders/responders.service.js';
import { type DutyKind, ShiftDutyRepository } from './shift-duty.repository.js';
import { ShiftsRepository } from './shifts.repository.js';

const QUEUE = 'shifts.duty';
const KINDS: DutyKind[] = ['reminder', 'start', 'end'];

type DutyJob = { templateId: string; userId: string; kind: DutyKind; at: string };

/**
 * A responder's duty following their shifts (opt-in): a Web Push reminder 15 minutes before a shift, on duty at its
 * start, off at its end. Each of those is a pg-boss job due at that instant (durable across restarts; one process
 * runs it); the job records itself in `shift_duty_runs` first, so a duplicate does nothing, and plans the same
 * boundary of the next week. A job whose person left the shift or stopped following ends its chain.
 */
@Injectable()
export class ShiftDuty implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly jobs: JobQueue,
    private readonly duty: ShiftDutyRepository,
    private readonly shifts: ShiftsRepository,
    private readonly responders: RespondersService,
    private readonly push: WebPushSender,
  ) {}

  onModuleInit(): void {
    // Shift starts and ends come due: looked for twice a second.
    this.jobs.handle<DutyJob>(QUEUE, (job) => this.run(job), { expireInSeconds: 60, pollSeconds: 0.5 });
  }

  async follows(user: AuthUser): Promise<boolean> {
    return user.responderId ? this.duty.follows(this.uow.db, user.responderId) : false;
  }

  /** A responder turns duty-follows-shifts on or off; turning it on plans their shifts' next reminders and changes. */
  setFollowing(user: AuthUser, follow: boolean): Promise<void> {
    if (!user.responderId) return Promise.reject(DomainError.invalid([{ path: 'dutyFollowsShifts', message: 'only responders have a duty to follow' }]));
    return this.uow.run(async (tx) => {
      await this.duty.setFollowing(tx.db, user.responderId!, follow);
      if (follow) for (const templateId of await this.duty.templatesOf(tx.db, user.id)) await this.plan(tx, templateId, user.id);
    });
  }

  /** Plans the next reminder, start and end of a shift for a person who follows their shifts (inside the transaction). */
  async plan(tx: Tx, templateId: string, userId: string): Promise<void> {
    const responderId = await this.duty.responderOfUser(tx.db, userId);
    if (!responderId || !(await this.duty.follows(tx.db, responderId))) return;
    const now = new Date(this.clock.now());
    for (const kind of KINDS) await this.schedule(tx, { templateId, userId, kind }, now);
  }

  private async schedule(tx: Tx, job: Omit<DutyJob, 'at'>, after: Date): Promise<void> {
    const at = await this.duty.nextBoundary(tx.db, job.templateId, job.kind, after, this.config.timeZone);
    if (at) await this.jobs.send(QUEUE, { ...job, at: at.toISOString() }, { at, tx });
  }

  private async run(job: DutyJob): Promise<void> {
    const at = new Date(job.at);
    const remind = await this.uow.run(async (tx) => {
      if (!(await this.duty.claim(tx.db, job.templateId, job.userId, job.kind, at))) return null;
      // Still one of the shift's boundaries (a deleted shift has none), and the person still on it and following.
      const due = await this.duty.nextBoundary(tx.db, job.templateId, job.kind, new Date(at.getTime() - 1), this.config.timeZone);
      if (due?.getTime() !== at.getTime()) return null;
      const responderId = await this.duty.followingResponder(tx.db, job.templateId, job.userId);
      if (!responderId) return null;
      await this.schedule(tx, job, at);
      if (job.kind === 'reminder') return responderId;
      // At an end, someone whose next shift starts right then (or who is on another one) stays on duty.
      const onDuty = job.kind === 'start' || (await this.shifts.onShift(tx.db, at, 'responder', this.config.timeZone)).includes(job.userId);
      await this.responders.setOnDutyIn(tx, responderId, onDuty);
      return null;
    });
    if (remind) await this.push.sendShiftReminder(remind, job.templateId);
  }
}
