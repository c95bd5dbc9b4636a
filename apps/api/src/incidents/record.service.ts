import type { CreateFollowUp, FollowUp, Witness, WitnessInput } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { FollowUpsRepository } from './follow-ups.repository.js';
import { IncidentsTouched } from './incidents.events.js';
import { IncidentLog } from './incident-log.js';
import { IncidentsRepository } from './incidents.repository.js';
import { WitnessesRepository } from './witnesses.repository.js';

/**
 * The parts of an incident's record beyond its sightings: witnesses' contacts (kept only WITNESS_RETENTION_DAYS)
 * and after-action follow-ups. Each addition is written to the incident's log with who did it.
 */
@Injectable()
export class RecordService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly incidents: IncidentsRepository,
    private readonly incidentLog: IncidentLog,
    private readonly witnesses: WitnessesRepository,
    private readonly followUps: FollowUpsRepository,
  ) {}

  private now(): Date {
    return new Date(this.clock.now());
  }

  addWitness(user: AuthUser, incidentId: string, input: WitnessInput): Promise<Witness[]> {
    return this.uow.run(async (tx) => {
      if (!(await this.incidents.lock(tx.db, incidentId))) throw DomainError.notFound('incident');
      await this.witnesses.insert(tx.db, { incidentId, contact: input.contact, note: input.note ?? '', createdBy: user.id, now: this.now() });
      // The log says a contact was taken, never the contact itself: it must disappear with the retention period.
      await this.incidentLog.appendIn(tx, { incidentId, at: this.now(), userId: user.id, actor: user.username, kind: 'witness', detail: {} });
      tx.publish(new IncidentsTouched([incidentId]));
      return this.witnesses.ofIncident(tx.db, incidentId, this.config.incidents.witnessRetentionMs);
    });
  }

  async witnessesOf(incidentId: string): Promise<Witness[]> {
    await this.assertIncidentExists(incidentId);
    return this.witnesses.ofIncident(this.uow.db, incidentId, this.config.incidents.witnessRetentionMs);
  }

  /** A list under an incident that does not exist is a 404 (as its timeline and export are), not an empty list. */
  async assertIncidentExists(incidentId: string): Promise<void> {
    if (!(await this.incidents.exists(this.uow.db, incidentId))) throw DomainError.notFound('incident');
  }

  addFollowUp(user: AuthUser, incidentId: string, input: CreateFollowUp): Promise<FollowUp> {
    return this.uow.run((tx) => this.addFollowUpIn(tx, user, incidentId, input));
  }

  /** Adds a follow-up in the caller's transaction (another module's flow, such as a referral), locking the incident. */
  async addFollowUpIn(tx: Tx, user: AuthUser, incidentId: string, input: CreateFollowUp): Promise<FollowUp> {
    if (!(await this.incidents.lock(tx.db, incidentId))) throw DomainError.notFound('incident');
    if (input.assigneeId && !(await this.followUps.userExists(tx.db, input.assigneeId))) {
      throw DomainError.invalid([{ path: 'assigneeId', message: 'is not a dispatcher or coordinator' }]).because('incident.assigneeNotStaff');
    }
    const followUp = await this.followUps.insert(tx.db, {
      incidentId,
      kind: input.kind,
      note: input.note ?? '',
      assigneeId: input.assigneeId ?? null,
      dueAt: new Date(input.dueAt),
      createdBy: user.id,
      now: this.now(),
    });
    await this.logIn(tx, user, incidentId, 'follow-up', { id: followUp.id, kind: input.kind, dueAt: followUp.dueAt });
    tx.publish(new IncidentsTouched([incidentId]));
    return followUp;
  }

  /** Writes to the incident's permanent log, with who did it, in the caller's transaction. */
  logIn(tx: Tx, user: AuthUser, incidentId: string, kind: string, detail: Record<string, unknown>): Promise<void> {
    return this.incidentLog.appendIn(tx, { incidentId, at: this.now(), userId: user.id, actor: user.username, kind, detail });
  }

  async followUpsOf(incidentId: string): Promise<FollowUp[]> {
    await this.assertIncidentExists(incidentId);
    return this.followUps.ofIncident(this.uow.db, incidentId);
  }

  setFollowUpDone(user: AuthUser, id: string, done: boolean): Promise<FollowUp> {
    return this.uow.run(async (tx) => {
      if (!(await this.followUps.setDone(tx.db, id, done ? this.now() : null))) throw DomainError.notFound('follow-up');
      const followUp = (await this.followUps.find(tx.db, id))!;
      await this.incidentLog.appendIn(tx, {
        incidentId: followUp.incidentId,
        at: this.now(),
        userId: user.id,
        actor: user.username,
        kind: done ? 'follow-up-done' : 'follow-up-reopened',
        detail: { id },
      });
      tx.publish(new IncidentsTouched([followUp.incidentId]));
      return followUp;
    });
  }

  /** Open follow-ups due within `hours` (and all overdue ones), for everyone or only mine. */
  due(user: AuthUser, hours: number, mine: boolean): Promise<FollowUp[]> {
    return this.followUps.due(this.uow.db, new Date(this.clock.now() + hours * 3_600_000), mine ? user.id : null);
  }
}
