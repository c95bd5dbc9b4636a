import {
  type AckPing,
  type CreateDispatch,
  type Dispatch,
  goingStatuses,
  type Need,
  type Ping,
  type PingStatus,
  type Sighting,
  type UpdateDispatch,
} from '@centinela/contracts';
import { distanceMeters, etaSeconds } from '@centinela/geo';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Db, type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { LiveLocations } from '../responders/live-locations.js';
import { Roster } from '../responders/roster.js';
import { DispatchesRepository, type DispatchTarget } from './dispatches.repository.js';
import { Escalation, type PingContext } from './escalation.js';
import { PingsRepository, type PingState } from './pings.repository.js';

/** Which answers may follow which. Done, covered and cancelled are final. */
const NEXT: Record<PingStatus, readonly PingStatus[]> = {
  pending: ['accepted', 'declined', 'en_route', 'on_scene'],
  accepted: ['en_route', 'on_scene', 'declined', 'done'],
  en_route: ['on_scene', 'declined', 'done'],
  on_scene: ['done'],
  declined: ['accepted', 'en_route'],
  done: [],
  covered: [],
  cancelled: [],
};

const isGoing = (status: PingStatus) => goingStatuses.includes(status);

/** Dispatches: asking responders to go to a sighting, and their answers. Escalation does the waves. */
@Injectable()
export class DispatchService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly dispatches: DispatchesRepository,
    private readonly pings: PingsRepository,
    private readonly escalation: Escalation,
    private readonly roster: Roster,
    private readonly locations: LiveLocations,
  ) {}

  /**
   * A dispatcher asks for responders for an incident, inside the caller's transaction (the incidents
   * service moves the incident to "verifying" in the same one when verifiers are asked for).
   */
  async dispatchIn(tx: Tx, incidentId: string, request: CreateDispatch, dispatcherId: string): Promise<Dispatch> {
    const target = await this.dispatches.target(tx.db, incidentId);
    if (!target) throw DomainError.notFound('incident');
    return this.startIn(tx, target, request, dispatcherId);
  }

  /** The incident a sighting belongs to, or null if there is no such sighting. */
  incidentOfSighting(sightingId: string): Promise<string | null> {
    return this.dispatches.incidentOfSighting(this.uow.db, sightingId);
  }

  /**
   * The incident got a verdict (`verifiedStatuses`), inside the caller's transaction: each of its dispatches stops
   * asking for verifiers, and those who have not answered are told they are covered.
   */
  async verifiedIn(tx: Tx, incidentId: string): Promise<void> {
    for (const id of await this.dispatches.openOfIncident(tx.db, incidentId)) {
      const changed = await this.escalation.verified(tx, await this.locked(tx, id));
      await this.escalation.publish(tx, id, { sent: [], changed });
    }
  }

  /** Calls off every open dispatch of an incident (a false alarm, or resolved), inside the caller's transaction. */
  async cancelAllIn(tx: Tx, incidentId: string): Promise<void> {
    for (const id of await this.dispatches.openOfIncident(tx.db, incidentId)) await this.cancelIn(tx, id);
  }

  /**
   * The automatic dispatch of verifiers for a sighting a dispatcher logged from a hotline call (AUTO_DISPATCH_VERIFIERS,
   * on by default), inside the sighting's own transaction. Public web reports wait for a dispatcher.
   */
  async autoDispatchIn(tx: Tx, sighting: Sighting, zoneIds: readonly string[], newIncident: boolean, drill: boolean): Promise<Dispatch | null> {
    const verifiers = this.config.dispatch.autoDispatchVerifiers;
    if (verifiers === 0 || sighting.channel !== 'hotline-call') return null;
    // Another call about an incident someone is already going to must not ask everyone again.
    if (!newIncident && (await this.dispatches.openOfIncident(tx.db, sighting.incidentId)).length > 0) return null;
    const target = {
      incidentId: sighting.incidentId,
      sightingId: sighting.id,
      point: sighting.location.coordinates as [number, number],
      observedAt: new Date(sighting.observedAt),
      zoneIds,
    };
    const { id, location, observedAt, activity, agency, locationDescription } = sighting;
    const known = { sighting: { id, location, observedAt, activity, agency, locationDescription }, drill };
    return this.startIn(tx, target, { needs: [{ capability: 'verifier', count: verifiers }] }, null, known);
  }

  private async startIn(tx: Tx, target: DispatchTarget, request: CreateDispatch, createdBy: string | null, known?: PingContext): Promise<Dispatch> {
    const now = this.escalation.now();
    return this.escalation.start(
      tx,
      {
        ...target,
        zoneIds: [...target.zoneIds],
        needs: request.needs,
        note: request.note ?? '',
        status: 'active',
        wave: 1,
        waveStartedAt: now,
        windowEndsAt: new Date(target.observedAt.getTime() + this.config.dispatch.windowSeconds * 1000),
        createdBy,
      },
      known,
    );
  }

  /** Asks for more (the new totals may only grow). */
  addTo(id: string, { needs }: UpdateDispatch): Promise<Dispatch> {
    return this.uow.run(async (tx) => {
      const dispatch = await this.locked(tx, id);
      if (dispatch.status === 'cancelled') throw new DomainError('conflict', 'this dispatch was cancelled; start a new one').because('dispatch.cancelled');
      const added: Need[] = [];
      const merged = [...dispatch.needs];
      for (const need of needs) {
        const current = merged.find((n) => n.capability === need.capability);
        if (current && need.count < current.count) {
          throw DomainError.invalid([
            { path: `needs.${needs.indexOf(need)}.count`, message: `can only grow (now ${current.count}); cancel to call it off` },
          ]).because('dispatch.needsOnlyGrow', { count: current.count });
        }
        const delta = need.count - (current?.count ?? 0);
        if (delta > 0) added.push({ capability: need.capability, count: delta });
        if (current) current.count = need.count;
        else merged.push({ ...need });
      }
      await this.dispatches.update(tx.db, id, { needs: merged });
      dispatch.needs = merged;
      const sent = added.length > 0 ? await this.escalation.extend(tx, dispatch, added) : [];
      return this.escalation.publish(tx, id, { sent, changed: [] });
    });
  }

  /** Calls the dispatch off: nobody else is asked, and everyone not yet on scene is told to stand down. */
  cancel(id: string): Promise<Dispatch> {
    return this.uow.run((tx) => this.cancelIn(tx, id));
  }

  private async cancelIn(tx: Tx, id: string): Promise<Dispatch> {
    const dispatch = await this.locked(tx, id);
    if (dispatch.status === 'cancelled') return (await this.escalation.views(tx, [id]))[0]!;
    await this.dispatches.update(tx.db, id, { status: 'cancelled' });
    const changed = await this.pings.move(tx.db, id, ['pending', 'accepted', 'en_route'], 'cancelled');
    return this.escalation.publish(tx, id, { sent: [], changed });
  }

  get(id: string): Promise<Dispatch> {
    return this.escalation.views(this.uow, [id]).then(([d]) => d ?? Promise.reject(DomainError.notFound('dispatch')));
  }

  async forSightings(sightingIds: readonly string[]): Promise<Map<string, Dispatch[]>> {
    return this.grouped(await this.dispatches.views(this.uow.db, { sightingIds }), (d) => d.sightingId);
  }

  /** `db`: the caller's transaction when it has one (never the pool from inside a transaction). */
  async forIncidents(incidentIds: readonly string[], db: Db = this.uow.db): Promise<Map<string, Dispatch[]>> {
    return this.grouped(await this.dispatches.views(db, { incidentIds }), (d) => d.incidentId);
  }

  private grouped(rows: Awaited<ReturnType<DispatchesRepository['views']>>, key: (d: Dispatch) => string): Map<string, Dispatch[]> {
    const groups = new Map<string, Dispatch[]>();
    for (const d of this.escalation.toViews(rows)) groups.set(key(d), [...(groups.get(key(d)) ?? []), d]);
    return groups;
  }

  mine(responderId: string): Promise<Ping[]> {
    return this.pings.viewsForResponder(this.uow.db, responderId, 50);
  }

  /**
   * A responder's answer to their own ping. With an idempotency key, an answer sent again (from an
   * offline queue) is applied once; repeating the current answer changes nothing either way.
   */
  acknowledge(responderId: string, pingId: string, { status, etaMinutes }: AckPing, idempotencyKey: string | null): Promise<Ping> {
    return this.uow.run(async (tx) => {
      const found = await this.pings.find(tx.db, pingId);
      if (!found) throw DomainError.notFound('ping');
      if (found.responderId !== responderId) throw new DomainError('forbidden', 'this ping was sent to another responder').because('ping.otherResponder');
      const dispatch = await this.locked(tx, found.dispatchId); // dispatch first, then ping: the order escalation locks in
      const ping = (await this.pings.find(tx.db, pingId, { lock: true }))!;
      const view = async () => (await this.pings.views(tx.db, [pingId]))[0]!;
      if (idempotencyKey && (await this.pings.hasAnswer(tx.db, pingId, idempotencyKey))) return view();
      if (ping.status === status) return view();
      if (!NEXT[ping.status].includes(status))
        throw new DomainError('conflict', `cannot change an answer from ${ping.status} to ${status}`).because('ping.answerChange', {
          from: ping.status,
          to: status,
        });

      const now = this.escalation.now();
      const arrivalAt = status === 'accepted' || status === 'en_route' ? this.arrival(ping, dispatch.point, etaMinutes, now) : null;
      await this.pings.answer(tx.db, { pingId, status, arrivalAt, idempotencyKey, now });

      const changed = [pingId];
      let sent: string[] = [];
      if (isGoing(ping.status) !== isGoing(status)) {
        if (isGoing(status)) changed.push(...(await this.escalation.settle(tx, dispatch)));
        else sent = await this.escalation.replace(tx, dispatch, ping.capability);
      } else if (status === 'declined' && dispatch.status === 'active') {
        sent = await this.escalation.replace(tx, dispatch, ping.capability);
      }
      await this.escalation.publish(tx, dispatch.id, { sent, changed });
      return view();
    });
  }

  /** When the responder expects to arrive: what they typed, else computed from where they are now, else from when pinged. */
  private arrival(ping: PingState, target: [number, number], etaMinutes: number | undefined, now: Date): Date | null {
    if (etaMinutes !== undefined) return new Date(now.getTime() + etaMinutes * 60_000);
    const location = this.locations.get(ping.responderId);
    const profile = this.roster.get(ping.responderId);
    const seconds =
      location && profile ? etaSeconds(distanceMeters(location.coordinates, target), profile.travelMode, this.config.dispatch.reach) : ping.etaSeconds;
    return seconds === null ? null : new Date(now.getTime() + seconds * 1000);
  }

  private async locked(tx: Tx, id: string) {
    const dispatch = await this.dispatches.lock(tx.db, id);
    if (!dispatch) throw DomainError.notFound('dispatch');
    return dispatch;
  }
}
