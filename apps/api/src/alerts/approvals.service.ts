import type { AlertRejection, AlertRetractionRequest, AlertVariant, AlertView } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { retryOnDeadlock } from '../database/deadlock.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { AlertViews } from './alert-views.js';
import { AlertChanged } from './alerts.events.js';
import { AlertApprovalsRepository } from './alert-approvals.repository.js';
import { type AlertRow, AlertsRepository } from './alerts.repository.js';
import { approvalHash } from './estimate.js';
import { FanOut } from './fan-out.js';

/**
 * Two people, every time: the author asks, a different dispatcher or coordinator approves exactly what each channel
 * will send to how many (a hash of the variants and counts, which any edit voids), within ALERT_APPROVAL_TTL_SECONDS;
 * the approval releases the fan-out. Types not in ALERT_APPROVAL_TYPES may be sent by one person. Retraction and
 * correction in one action. Every step goes to the alert's log.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly alerts: AlertsRepository,
    private readonly approvalRequests: AlertApprovalsRepository,
    private readonly views: AlertViews,
    private readonly fanOut: FanOut,
  ) {}

  private now(): Date {
    return new Date(this.clock.now());
  }

  requestApproval(user: AuthUser, id: string): Promise<AlertView> {
    return this.uow.run(async (tx) => {
      const row = await this.views.row(tx.db, id, { lock: true });
      if (row.status !== 'draft' && row.status !== 'awaiting_approval')
        throw DomainError.conflict(`an alert that is ${row.status} needs no approval`).because('alert.noApprovalNeeded', { status: row.status });
      await this.ask(tx, user, row);
      return this.published(tx, id);
    });
  }

  async approve(user: AuthUser, id: string, hash: string): Promise<AlertView> {
    // An expiry or a void is recorded (committed) before the refusal is thrown.
    const outcome = await this.uow.run(async (tx): Promise<{ view: AlertView } | { refused: DomainError }> => {
      const row = await this.views.row(tx.db, id, { lock: true });
      const pending = (await this.approvalRequests.latestApprovals(tx.db, [id])).get(id);
      if (row.status !== 'awaiting_approval' || pending?.status !== 'pending')
        throw DomainError.conflict('this alert is not waiting for approval').because('alert.notAwaitingApproval');
      if (row.createdBy.userId === user.id || row.editedBy.includes(user.id) || pending.requestedById === user.id) {
        throw new DomainError('forbidden', 'you wrote or edited this alert: a second dispatcher or coordinator must approve it').because('alert.ownAlert');
      }
      const now = this.now();
      if (Date.parse(pending.expiresAt) <= now.getTime()) {
        await this.expire(tx, row, now);
        return this.refuse(tx, id, DomainError.conflict(`the approval request expired at ${pending.expiresAt}; ask again`).because('alert.approvalExpired'));
      }
      if (hash !== pending.hash)
        throw DomainError.conflict('the alert changed since you saw it: look again', await this.views.view(tx.db, id)).because('alert.changedLookAgain');
      const current = await this.hashOf(tx, row);
      if (current !== pending.hash) {
        await this.approvalRequests.decide(tx.db, id, 'void', null, 'the recipients changed', now);
        await this.alerts.setStatus(tx.db, id, 'draft', now);
        await this.log(tx, user, id, 'approval-void', { reason: 'recipients changed' });
        return this.refuse(tx, id, DomainError.conflict('the number of recipients changed since the request: ask again').because('alert.recipientsChanged'));
      }
      await this.approvalRequests.decide(tx.db, id, 'approved', { userId: user.id, username: user.username }, '', now);
      await this.log(tx, user, id, 'approved', { hash });
      await this.fanOut.release(tx, row, user);
      return { view: await this.published(tx, id) };
    });
    if ('refused' in outcome) throw outcome.refused;
    return outcome.view;
  }

  reject(user: AuthUser, id: string, body: AlertRejection): Promise<AlertView> {
    return this.uow.run(async (tx) => {
      const row = await this.views.row(tx.db, id, { lock: true });
      if (row.status !== 'awaiting_approval') throw DomainError.conflict('this alert is not waiting for approval').because('alert.notAwaitingApproval');
      const now = this.now();
      await this.approvalRequests.decide(tx.db, id, 'rejected', { userId: user.id, username: user.username }, body.reason, now);
      await this.alerts.setStatus(tx.db, id, 'draft', now);
      // The reason stays on the approval only, sealed; the log says who sent it back and when.
      await this.log(tx, user, id, 'rejected', {});
      return this.published(tx, id);
    });
  }

  /** Types that need no second person go out at once. */
  send(user: AuthUser, id: string): Promise<AlertView> {
    return this.uow.run(async (tx) => {
      const row = await this.views.row(tx.db, id, { lock: true });
      if (this.views.approvalRequired(row.type))
        throw new DomainError('forbidden', `a ${row.type} alert needs a second person's approval`).because('alert.needsApproval', { type: row.type });
      if (row.status !== 'draft')
        throw DomainError.conflict(`an alert that is ${row.status} cannot be sent`).because('alert.cannotSend', { status: row.status });
      await this.log(tx, user, id, 'sent-without-approval', { hash: await this.hashOf(tx, row) });
      await this.fanOut.release(tx, row, user);
      return this.published(tx, id);
    });
  }

  /**
   * Retract or correct in one action: stops what is still queued of the original, and creates the correction for
   * exactly who received it, on the same channels — asking for approval at once (or sending it, when corrections
   * need none).
   */
  retract(user: AuthUser, id: string, body: AlertRetractionRequest): Promise<AlertView> {
    return retryOnDeadlock(() => this.retractOnce(user, id, body));
  }

  private retractOnce(user: AuthUser, id: string, body: AlertRetractionRequest): Promise<AlertView> {
    return this.uow.run(async (tx) => {
      const original = await this.views.row(tx.db, id, { lock: true });
      // The rule of went-out.ts, as the public pages, feeds and CAP apply it: whatever they show can be retracted.
      if (!original.wentOut) {
        throw original.status === 'sending' || original.status === 'paused'
          ? DomainError.conflict('nobody has received this alert yet: cancel it instead of correcting it').because('alert.notReceivedYet')
          : DomainError.conflict('only an alert that went out can be corrected').because('alert.notSent');
      }
      if (original.correctedBy)
        throw DomainError.conflict('this alert was already corrected', await this.views.view(tx.db, original.correctedBy)).because('alert.alreadyCorrected');
      const now = this.now();
      if (original.status === 'sending' || original.status === 'paused') await this.fanOut.stop(tx, original, user, 'cancelled');
      const variants = body.variants as AlertVariant[];
      const correctionId = await this.alerts.insert(tx.db, {
        type: 'correction',
        drill: original.drill,
        incidentId: original.incidentId,
        audience: original.audience,
        channels: original.channels,
        variants,
        postToChannel: original.postToChannel,
        imageId: null,
        userId: user.id,
        username: user.username,
        correctionOf: original.id,
        now,
      });
      await this.log(tx, user, original.id, body.kind, { correction: correctionId });
      await this.log(tx, user, correctionId, 'drafted', { kind: body.kind, of: original.id });
      const correction = await this.views.row(tx.db, correctionId, { lock: true });
      if (this.views.approvalRequired('correction')) await this.ask(tx, user, correction);
      else await this.fanOut.release(tx, correction, user);
      tx.publish(new AlertChanged(await this.views.view(tx.db, original.id)));
      return this.published(tx, correctionId);
    });
  }

  /**
   * Pause, resume or cancel a send (cancel also drops a draft or a request). Taking back the rows workers hold can
   * meet a worker's statement on the same rows: the one PostgreSQL aborts runs again (see FanOut.stop).
   */
  control(user: AuthUser, id: string, action: 'pause' | 'resume' | 'cancel'): Promise<AlertView> {
    return retryOnDeadlock(() => this.controlOnce(user, id, action));
  }

  private controlOnce(user: AuthUser, id: string, action: 'pause' | 'resume' | 'cancel'): Promise<AlertView> {
    return this.uow.run(async (tx) => {
      const row = await this.views.row(tx.db, id, { lock: true });
      const allowed = { pause: ['sending'], resume: ['paused'], cancel: ['draft', 'awaiting_approval', 'sending', 'paused'] }[action];
      if (!allowed.includes(row.status))
        throw DomainError.conflict(`an alert that is ${row.status} cannot be ${{ pause: 'paused', resume: 'resumed', cancel: 'cancelled' }[action]}`).because(
          ({ pause: 'alert.cannotPause', resume: 'alert.cannotResume', cancel: 'alert.cannotCancel' } as const)[action],
          { status: row.status },
        );
      if (action === 'resume') await this.fanOut.resume(tx, row, user);
      else await this.fanOut.stop(tx, row, user, action === 'pause' ? 'paused' : 'cancelled');
      if (action === 'cancel') await this.approvalRequests.decide(tx.db, id, 'void', null, 'cancelled', this.now());
      return this.published(tx, id);
    });
  }

  private async ask(tx: Tx, user: AuthUser, row: AlertRow): Promise<void> {
    const now = this.now();
    // A correction always goes out: to whoever received the original and can still be reached (maybe nobody), and as
    // the public notice — its page, the feeds, CAP, the channel post — next to the original that is public.
    const correction = row.correctionOf !== null;
    if (!correction && !row.channels.some(this.views.enabled))
      throw DomainError.invalid([{ path: 'channels', message: 'none of these channels is configured on this server' }]).because('alert.channelsOff');
    const estimate = await this.views.estimateOf(tx.db, row);
    if (!correction && estimate.totalRecipients === 0) {
      throw DomainError.invalid([{ path: 'audience', message: 'nobody would receive this alert' }]).because('alert.nobodyReceives');
    }
    const hash = approvalHash({ ...row, recipients: estimate.recipients });
    await this.approvalRequests.decide(tx.db, row.id, 'void', null, 'asked again', now);
    const expiresAt = new Date(now.getTime() + this.config.alerts.approvalTtlMs);
    await this.approvalRequests.insertApproval(tx.db, { alertId: row.id, hash, estimate, userId: user.id, username: user.username, now, expiresAt });
    await this.alerts.setStatus(tx.db, row.id, 'awaiting_approval', now);
    await this.log(tx, user, row.id, 'approval-requested', { hash, recipients: estimate.totalRecipients, expiresAt: expiresAt.toISOString() });
  }

  private async hashOf(tx: Tx, row: AlertRow): Promise<string> {
    const estimate = await this.views.estimateOf(tx.db, row);
    return approvalHash({ ...row, recipients: estimate.recipients });
  }

  private async expire(tx: Tx, row: AlertRow, now: Date): Promise<void> {
    await this.approvalRequests.decide(tx.db, row.id, 'expired', null, '', now);
    await this.alerts.setStatus(tx.db, row.id, 'draft', now);
    await this.alerts.log(tx.db, { alertId: row.id, at: now, userId: null, actor: 'system', kind: 'approval-expired', detail: {} });
  }

  /** A refusal that keeps what was recorded (the expiry, the void): the caller throws it after the commit. */
  private async refuse(tx: Tx, id: string, refused: DomainError): Promise<{ refused: DomainError }> {
    tx.publish(new AlertChanged(await this.views.view(tx.db, id)));
    return { refused };
  }

  private log(tx: Tx, user: AuthUser, alertId: string, kind: string, detail: Record<string, unknown>): Promise<void> {
    return this.alerts.log(tx.db, { alertId, at: this.now(), userId: user.id, actor: user.username, kind, detail });
  }

  private async published(tx: Tx, id: string): Promise<AlertView> {
    const view = await this.views.view(tx.db, id);
    tx.publish(new AlertChanged(view));
    return view;
  }
}
