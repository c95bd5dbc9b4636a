import { systemLogReasons, type IncidentView } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { IncidentsTouched } from './incidents.events.js';
import { IncidentLog } from './incident-log.js';
import { type IncidentState, IncidentsRepository } from './incidents.repository.js';
import { IncidentsService } from './incidents.service.js';

/**
 * Claims: a dispatcher says "I am handling this" so two people do not phone the same caller back. A claim is
 * taken from someone else only once it went idle (no edit for CLAIM_IDLE_MINUTES); signing out releases them all.
 */
@Injectable()
export class ClaimsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly incidents: IncidentsRepository,
    private readonly incidentLog: IncidentLog,
    private readonly views: IncidentsService,
  ) {}

  claim(user: AuthUser, id: string): Promise<IncidentView> {
    return this.uow.run(async (tx) => {
      const state = await this.locked(tx, id);
      if (!state.live) throw new DomainError('conflict', 'this incident is no longer on the live map').because('incident.notLive');
      if (state.claimedBy && state.claimedBy !== user.id && !this.idle(state)) {
        throw DomainError.conflict('someone else is handling this incident', await this.view(tx, id)).because('claim.heldByOther');
      }
      await this.incidents.setClaim(tx.db, id, user.id, this.now());
      await this.log(tx, id, user, 'claimed');
      tx.publish(new IncidentsTouched([id]));
      return this.view(tx, id);
    });
  }

  release(user: AuthUser, id: string): Promise<IncidentView> {
    return this.uow.run(async (tx) => {
      const state = await this.locked(tx, id);
      if (state.claimedBy && state.claimedBy !== user.id && user.role !== 'coordinator') {
        throw new DomainError('forbidden', 'only whoever claimed it (or a coordinator) can release it').because('claim.notYours');
      }
      if (state.claimedBy) {
        await this.incidents.setClaim(tx.db, id, null, null);
        await this.log(tx, id, user, 'released');
        tx.publish(new IncidentsTouched([id]));
      }
      return this.view(tx, id);
    });
  }

  /** Releases everything a user claimed (they signed out). */
  async releaseAllOf(userId: string): Promise<void> {
    await this.uow.run(async (tx) => {
      const ids = await this.incidents.releaseClaimsOf(tx.db, userId);
      for (const id of ids)
        await this.incidentLog.appendIn(tx, {
          incidentId: id,
          at: this.now(),
          userId,
          actor: 'system',
          kind: 'released',
          detail: { why: systemLogReasons.signedOut, whyCode: 'signedOut' },
        });
      if (ids.length > 0) tx.publish(new IncidentsTouched(ids));
    });
  }

  /** Releases claims nobody acted on for CLAIM_IDLE_MINUTES (the sweeper's job); returns how many. */
  async releaseIdle(): Promise<number> {
    return this.uow.run(async (tx) => {
      const released = await this.incidents.releaseIdleClaims(tx.db, new Date(this.clock.now() - this.config.incidents.claimIdleMs));
      if (released.length > 0) tx.publish(new IncidentsTouched(released));
      return released.length;
    });
  }

  private now(): Date {
    return new Date(this.clock.now());
  }

  private idle(state: IncidentState): boolean {
    return !state.claimActiveAt || this.clock.now() - state.claimActiveAt.getTime() > this.config.incidents.claimIdleMs;
  }

  private async locked(tx: Tx, id: string): Promise<IncidentState> {
    const state = await this.incidents.lock(tx.db, id);
    if (!state) throw DomainError.notFound('incident');
    return state;
  }

  private async view(tx: Tx, id: string): Promise<IncidentView> {
    return (await this.views.views([id], tx.db))[0]!;
  }

  private log(tx: Tx, incidentId: string, user: AuthUser, kind: string): Promise<void> {
    return this.incidentLog.appendIn(tx, { incidentId, at: this.now(), userId: user.id, actor: user.username, kind, detail: {} });
  }
}
