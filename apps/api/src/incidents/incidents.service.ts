import { isVerified, systemReason } from '@centinela/contracts';
import type { ChangeStatus, CreateDispatch, Dispatch, IncidentStatus, IncidentView, IncidentsQuery, TimelineEntry, VerdictRequest } from '@centinela/contracts';
import { distanceMeters } from '@centinela/geo';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { DispatchService } from '../dispatch/dispatch.service.js';
import { LiveLocations } from '../responders/live-locations.js';
import { ZoneMatcher } from '../zones/zone-matcher.js';
import { NEXT_STATUS, STANDS_DOWN, verdictAllowed } from './incident-rules.js';
import { IncidentLog } from './incident-log.js';
import { IncidentPlacement } from './incident-placement.js';
import { IncidentRemoved, IncidentsTouched } from './incidents.events.js';
import { type IncidentState, IncidentsRepository } from './incidents.repository.js';
import { VerdictsRepository } from './verdicts.repository.js';

const DEFAULT_LOOKBACK_MS = 24 * 3_600_000;

/**
 * Incidents: one event, many sightings (which incident a new sighting joins is IncidentPlacement's question).
 * Dispatchers (who claim them, see ClaimsService) change their status with a reason, merge and split them; a
 * verifier on scene gives a verdict. Every change bumps the version (a stale edit gets 409 with the current
 * state), is logged with who and why (IncidentLog), and is broadcast once committed.
 */
@Injectable()
export class IncidentsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly incidents: IncidentsRepository,
    private readonly incidentLog: IncidentLog,
    private readonly placement: IncidentPlacement,
    private readonly verdicts: VerdictsRepository,
    private readonly dispatches: DispatchService,
    private readonly locations: LiveLocations,
    private readonly matcher: ZoneMatcher,
  ) {}

  now(): Date {
    return new Date(this.clock.now());
  }

  /** A dispatcher asks for responders for an incident; asking for verifiers makes a reported incident `verifying`. */
  dispatch(incidentId: string, request: CreateDispatch, dispatcherId: string): Promise<Dispatch> {
    return this.uow.run(async (tx) => {
      const dispatch = await this.dispatches.dispatchIn(tx, incidentId, request, dispatcherId);
      if ((await this.placement.verifiersAskedIn(tx, incidentId, dispatch)) !== null) tx.publish(new IncidentsTouched([incidentId]));
      return dispatch;
    });
  }

  /** The same, named by one of the incident's sightings. */
  async dispatchForSighting(sightingId: string, request: CreateDispatch, dispatcherId: string): Promise<Dispatch> {
    const incidentId = await this.dispatches.incidentOfSighting(sightingId);
    if (!incidentId) throw DomainError.notFound('sighting');
    return this.dispatch(incidentId, request, dispatcherId);
  }

  async views(ids: readonly string[], db = this.uow.db): Promise<IncidentView[]> {
    const [views, dispatches] = await Promise.all([this.incidents.views(db, ids), this.dispatches.forIncidents(ids, db)]);
    return views.map((v) => ({ ...v, dispatches: dispatches.get(v.incident.id) ?? [] }));
  }

  async list(query: IncidentsQuery): Promise<IncidentView[]> {
    const since = query.since ? new Date(query.since) : new Date(this.clock.now() - DEFAULT_LOOKBACK_MS);
    return this.views(await this.incidents.list(this.uow.db, { all: query.all, since, limit: query.limit }));
  }

  async get(id: string): Promise<IncidentView> {
    const [view] = await this.views([id]);
    if (!view) throw DomainError.notFound('incident');
    return view;
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    if (!(await this.incidents.exists(this.uow.db, id))) throw DomainError.notFound('incident');
    return this.incidentLog.timeline(id);
  }

  changeStatus(user: AuthUser, id: string, change: ChangeStatus): Promise<IncidentView> {
    return this.edit(user, id, change.version, async (tx, state) => {
      if (!NEXT_STATUS[state.status].includes(change.status)) {
        throw new DomainError('conflict', `cannot change the status from ${state.status} to ${change.status}`).because('incident.statusChange', {
          from: state.status,
          to: change.status,
        });
      }
      await this.applyStatus(tx, state, change.status, change.otherAgency ?? '');
      await this.log(tx, id, user, 'status', { from: state.status, to: change.status, reason: change.reason, otherAgency: change.otherAgency ?? null });
    });
  }

  /** A verifier on scene confirms or rejects (through their on-scene ping), recorded as a sighting of theirs. */
  verdict(user: AuthUser, pingId: string, request: VerdictRequest): Promise<IncidentView> {
    return this.uow.run(async (tx) => {
      const found = await this.verdicts.pingOnScene(tx.db, pingId);
      if (!found) throw DomainError.notFound('ping');
      if (found.responderId !== user.responderId) throw new DomainError('forbidden', 'this ping was sent to another responder').because('ping.otherResponder');
      if (found.status !== 'on_scene') throw new DomainError('conflict', 'only a responder on scene can confirm or reject').because('verdict.notOnScene');
      const state = await this.lockedIn(tx, found.incidentId);
      if (!verdictAllowed(state.status, request.verdict))
        throw new DomainError('conflict', `the incident is already ${state.status}`).because('incident.alreadyDecided', { status: state.status });
      // The verdict moves the incident only if it was given plausibly at the scene; the record says how far it was.
      const shared = this.locations.positionOf(found.responderId);
      const distance = shared ? Math.round(distanceMeters(shared, state.location)) : null;
      const here = shared && distance! <= this.config.incidents.verdictMaxMeters ? shared : null;
      await this.verdicts.recordSighting(tx.db, {
        incidentId: state.id,
        point: here,
        zoneIds: here ? this.matcher.match(here[0], here[1]).map((z) => z.id) : null,
        responderUserId: user.id,
        confirms: request.verdict === 'confirmed',
        note: request.note ?? '',
        now: this.now(),
      });
      await this.incidents.refresh(tx.db, state.id);
      await this.applyStatus(tx, state, request.verdict, request.otherAgency ?? '');
      await this.incidentLog.appendIn(tx, {
        incidentId: state.id,
        at: this.now(),
        userId: user.id,
        actor: found.alias,
        kind: 'verdict',
        detail: {
          from: state.status,
          to: request.verdict,
          note: request.note ?? '',
          otherAgency: request.otherAgency ?? null,
          // Null when the responder shares no location; `atScene` false when too far to move the incident.
          distanceMeters: distance,
          atScene: here !== null,
        },
      });
      tx.publish(new IncidentsTouched([state.id]));
      return (await this.views([state.id], tx.db))[0]!;
    });
  }

  merge(user: AuthUser, id: string, body: { otherIncidentId: string; version: number; otherVersion: number }): Promise<IncidentView> {
    if (body.otherIncidentId === id) {
      throw DomainError.invalid([{ path: 'otherIncidentId', message: 'cannot merge an incident into itself' }]).because('merge.intoItself');
    }
    return this.uow.run(async (tx) => {
      // Lock both in a fixed order so two opposite merges cannot deadlock.
      const [first, second] = [id, body.otherIncidentId].sort();
      const states = new Map<string, IncidentState>();
      for (const incidentId of [first!, second!]) {
        const state = await this.incidents.lock(tx.db, incidentId);
        if (!state && incidentId === body.otherIncidentId) {
          throw new DomainError('not_found', 'otherIncidentId: is not an incident', [{ path: 'otherIncidentId', message: 'is not an incident' }]);
        }
        if (!state) throw DomainError.notFound('incident');
        states.set(incidentId, state);
      }
      const target = states.get(id)!;
      const other = states.get(body.otherIncidentId)!;
      if (!other.live) throw new DomainError('conflict', 'the other incident is no longer on the live map').because('merge.otherNotLive');
      // Nothing turns a drill into a real incident, nor hides a real one inside a drill.
      if (other.drill !== target.drill) throw new DomainError('conflict', 'a drill cannot be merged with a real incident').because('merge.drillWithReal');
      await this.checkVersion(tx, target, body.version);
      await this.checkVersion(tx, other, body.otherVersion);
      await this.incidents.merge(tx.db, id, other.id);
      await this.incidents.refresh(tx.db, id);
      await this.log(tx, id, user, 'merged', { from: other.id });
      tx.publish(new IncidentRemoved(other.id, 'merged', id));
      tx.publish(new IncidentsTouched([id]));
      return (await this.views([id], tx.db))[0]!;
    });
  }

  split(user: AuthUser, id: string, body: { sightingId: string; version: number }): Promise<IncidentView> {
    return this.edit(user, id, body.version, async (tx, state) => {
      if ((await this.incidents.sightingIncident(tx.db, body.sightingId)) !== id) {
        throw DomainError.invalid([{ path: 'sightingId', message: 'is not a sighting of this incident' }]);
      }
      if (state.sightingCount < 2)
        throw new DomainError('conflict', 'an incident with one sighting has nothing to split from').because('incident.singleSighting');
      const newId = await this.incidents.split(tx.db, body.sightingId, this.now());
      await this.incidents.refresh(tx.db, newId);
      await this.log(tx, id, user, 'split', { sightingId: body.sightingId, into: newId });
      await this.log(tx, newId, user, 'split-from', { sightingId: body.sightingId, from: id });
      tx.publish(new IncidentsTouched([newId]));
    });
  }

  /** A drill is over: its incident leaves the live map whatever its status, its dispatches called off. */
  async endDrillIn(tx: Tx, user: AuthUser, id: string): Promise<void> {
    const state = await this.lockedIn(tx, id);
    if (!state.drill) throw new DomainError('conflict', 'this incident is not a drill').because('incident.notDrill');
    if (!state.live) return;
    await this.applyStatus(tx, state, 'resolved', '');
    await this.log(tx, id, user, 'status', { from: state.status, to: 'resolved', ...systemReason('drillEnded'), otherAgency: null });
    tx.publish(new IncidentsTouched([id]));
  }

  note(user: AuthUser, id: string, text: string): Promise<IncidentView> {
    return this.uow.run(async (tx) => {
      await this.lockedIn(tx, id);
      await this.log(tx, id, user, 'note', { text });
      tx.publish(new IncidentsTouched([id]));
      return (await this.views([id], tx.db))[0]!;
    });
  }

  debrief(user: AuthUser, id: string, body: { text: string; version: number }): Promise<IncidentView> {
    return this.edit(user, id, body.version, async (tx) => {
      await this.incidents.setDebrief(tx.db, id, body.text);
      await this.log(tx, id, user, 'debrief', { length: body.text.length });
    });
  }

  /** Housekeeping on the clock: unconfirmed incidents with no new sighting for EXPIRE_UNCONFIRMED_HOURS leave the live map. */
  async expireStale(): Promise<number> {
    const now = this.clock.now();
    return this.uow.run(async (tx) => {
      const expired = await this.incidents.expire(tx.db, new Date(now - this.config.incidents.expireAfterMs), new Date(now));
      for (const id of expired) tx.publish(new IncidentRemoved(id, 'expired'));
      return expired.length;
    });
  }

  private async applyStatus(tx: Tx, state: IncidentState, status: IncidentStatus, otherAgency: string): Promise<void> {
    await this.incidents.setStatus(tx.db, state.id, status, otherAgency, this.now());
    if (status === 'confirmed') {
      await this.incidents.markLatestConfirming(tx.db, state.id);
      await this.incidents.refresh(tx.db, state.id);
    }
    if (STANDS_DOWN.includes(status)) await this.dispatches.cancelAllIn(tx, state.id);
    else if (isVerified(status)) await this.dispatches.verifiedIn(tx, state.id);
    if (status === 'resolved') tx.publish(new IncidentRemoved(state.id, 'resolved'));
  }

  /** An edit under the incident's lock, refused with 409 and the current state if `version` is stale. */
  private edit(user: AuthUser, id: string, version: number, work: (tx: Tx, state: IncidentState) => Promise<void>): Promise<IncidentView> {
    return this.uow.run(async (tx) => {
      const state = await this.lockedIn(tx, id);
      if (!state.live) throw DomainError.conflict('this incident is no longer on the live map', await this.current(tx, id)).because('incident.notLive');
      await this.checkVersion(tx, state, version);
      await work(tx, state);
      await this.incidents.touchClaim(tx.db, id, user.id, this.now());
      tx.publish(new IncidentsTouched([id]));
      return (await this.views([id], tx.db))[0]!;
    });
  }

  private async checkVersion(tx: Tx, state: IncidentState, version: number): Promise<void> {
    if (state.version !== version) {
      throw DomainError.conflict(
        `incident ${state.id} changed since you loaded it (version ${version}, now ${state.version})`,
        await this.current(tx, state.id),
      ).because('incident.changed');
    }
  }

  private async current(tx: Tx, id: string): Promise<IncidentView> {
    return (await this.views([id], tx.db))[0]!;
  }

  /** The incident, locked for the rest of the caller's transaction; 404 if there is none. */
  async lockedIn(tx: Tx, id: string): Promise<IncidentState> {
    const state = await this.incidents.lock(tx.db, id);
    if (!state) throw DomainError.notFound('incident');
    return state;
  }

  private log(tx: Tx, incidentId: string, user: AuthUser, kind: string, detail: Record<string, unknown>): Promise<void> {
    return this.incidentLog.appendIn(tx, { incidentId, at: this.now(), userId: user.id, actor: user.username, kind, detail });
  }
}
