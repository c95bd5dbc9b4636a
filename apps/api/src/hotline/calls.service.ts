import type { CallbackUpdate, CallSighting, HotlineCall, SightingView } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { type FormerAccount, RetainsData, type RetentionProvider, type RetentionRule, type SealedPurpose } from '../retention/retention-rule.js';
import { SightingsService } from '../sightings/sightings.service.js';
import { CALLER } from './caller-identity.js';
import { CallsRepository, FORGOTTEN_CALLER } from './calls.repository.js';
import { CallUpdated } from './hotline.events.js';
import { OperatorsRepository } from './operators.repository.js';
import { TimelineRecorder } from './timeline-recorder.js';

/** The console's list covers the last half day, plus older calls whose call-back is still open. */
const LIVE_MS = 12 * 3_600_000;
const days = (ms: number) => Math.round(ms / 86_400_000);

/**
 * What operators do with calls in the console: see them live, take and close call-backs, reveal a number for the
 * call-back, ban a number, log the SALUTE form from a call. Owns the retention of calls and callers' numbers.
 */
@Injectable()
@RetainsData()
export class CallsService implements RetentionProvider {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly calls: CallsRepository,
    private readonly operators: OperatorsRepository,
    private readonly sightings: SightingsService,
    private readonly timeline: TimelineRecorder,
  ) {}

  list(): Promise<HotlineCall[]> {
    return this.calls.live(this.uow.db, new Date(this.clock.now() - LIVE_MS));
  }

  async get(id: string): Promise<HotlineCall> {
    const call = await this.calls.view(this.uow.db, id);
    if (!call) throw DomainError.notFound('call');
    return call;
  }

  /** Take a missed call's call-back (it becomes yours), give it back, mark it done or open again. */
  async callback(user: AuthUser, id: string, change: CallbackUpdate): Promise<HotlineCall> {
    await this.get(id);
    return this.uow.run(async (tx) => {
      const update: { takenBy?: string | null; doneAt?: Date | null } = {};
      if (change.take !== undefined) update.takenBy = change.take ? user.id : null;
      if (change.done !== undefined) update.doneAt = change.done ? new Date(this.clock.now()) : null;
      if (!(await this.calls.setCallback(tx.db, id, update)))
        throw DomainError.conflict('this call has no call-back task (it was answered)').because('call.noCallback');
      return this.publish(tx, id);
    });
  }

  /**
   * The caller's number, for the call-back: only to whoever took the call-back task, or answered the call (403 for
   * anyone else); gone (404) once purged, or for a refused call.
   */
  async callerNumber(user: AuthUser, id: string): Promise<{ number: string }> {
    const call = await this.get(id);
    if (call.callback?.takenBy?.id !== user.id && call.answeredBy?.id !== user.id) {
      throw new DomainError('forbidden', 'take the call-back first: the number is for whoever calls back').because('call.takeCallbackFirst');
    }
    const number = await this.calls.caller(this.uow.db, id);
    if (!number) throw DomainError.notFound('caller number (purged after CALLER_RETENTION_DAYS)');
    return { number };
  }

  /** Bans the call's number (by its keyed hash): its next calls get a polite hang-up. */
  async ban(user: AuthUser, id: string, banned: boolean): Promise<HotlineCall> {
    const hash = await this.calls.callerHash(this.uow.db, id);
    if (!hash) throw DomainError.notFound('call');
    if (hash.startsWith(FORGOTTEN_CALLER)) {
      throw DomainError.conflict('the number of this call was forgotten after CALLER_RETENTION_DAYS; ban or unban it from a newer call from it').because(
        'call.numberForgotten',
      );
    }
    return this.uow.run(async (tx) => {
      if (banned) await this.calls.ban(tx.db, hash, user.id, new Date(this.clock.now()));
      else await this.calls.unban(tx.db, hash);
      return this.publish(tx, id);
    });
  }

  /** The SALUTE form logged from a call: a `hotline-call` sighting, linked to the call in the same transaction. */
  async logSighting(user: AuthUser, id: string, input: CallSighting): Promise<SightingView> {
    const call = await this.get(id);
    if (call.sightingId) throw DomainError.conflict('a sighting was already logged from this call').because('call.alreadyLogged');
    return this.sightings.logged({ ...input, channel: 'hotline-call' }, user.id, async (tx, view) => {
      await this.calls.link(tx.db, id, view.sighting.id);
      await this.timeline.recordIn(tx, id);
      await this.publish(tx, id);
    });
  }

  retentionRules(): RetentionRule[] {
    return [
      {
        what: "Hotline callers' numbers (sealed, for the call-back only)",
        keptFor: (c) => `${days(c.hotline.callerRetentionMs)} days after the call (CALLER_RETENTION_DAYS)`,
        why: 'long enough to call back a missed caller; a list of who called the hotline is what a subpoena would ask for',
        purge: (now) => this.calls.purgeCallers(this.uow.db, new Date(now - this.config.hotline.callerRetentionMs)),
      },
      {
        what: 'Hotline calls: state, times, language, who answered, a keyed hash of the number (no number) until CALLER_RETENTION_DAYS',
        keptFor: (c) => `${days(c.hotline.callRetentionMs)} days after the call (HOTLINE_CALL_RETENTION_DAYS)`,
        why: 'the console, call-backs, repeat callers and call floods; the incident keeps its own line of the call',
        purge: (now) => this.calls.purgeCalls(this.uow.db, new Date(now - this.config.hotline.callRetentionMs)),
      },
      {
        what: "Hotline operators' phone numbers and email addresses (sealed)",
        keptFor: () => 'until the operator removes them, is no longer a dispatcher or coordinator, or their account is deleted',
        why: 'the hotline rings that phone and alerts that address; nobody else sees them',
        purge: () => this.operators.purgeFormer(this.uow.db),
      },
    ];
  }

  /** A deleted operator's phone number and email address (the calls they answered keep their blank name). */
  async forgetAccount(tx: Tx, { userId }: FormerAccount): Promise<void> {
    await this.operators.deleteOf(tx.db, userId);
  }

  sealedPurposes(): SealedPurpose[] {
    return [
      { purpose: CALLER, minAgeMs: this.config.hotline.callerRetentionMs, references: [{ table: 'hotline_calls', column: 'sealed_key' }] },
      { purpose: 'operator-contact', minAgeMs: 0, references: [{ table: 'hotline_operators', column: 'sealed_key' }] },
    ];
  }

  private async publish(tx: Tx, id: string): Promise<HotlineCall> {
    const view = (await this.calls.view(tx.db, id))!;
    tx.publish(new CallUpdated(view));
    return view;
  }
}
