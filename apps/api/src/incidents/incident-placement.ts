import type { Dispatch, Sighting, ZoneRef } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { type Clock, CLOCK } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { Tx } from '../database/unit-of-work.js';
import { IncidentChanged, IncidentsTouched } from './incidents.events.js';
import { IncidentsRepository, type OpenedIncident } from './incidents.repository.js';

/** Where a new sighting went: the incident it joined, or the one it opened (as stored). */
export type PlacedSighting = { incidentId: string; opened: false } | { incidentId: string; opened: true; incident: OpenedIncident };

/**
 * Where a new sighting goes: the open incident nearby in space and time it joins, or the one it opens; and what
 * that does to the incident (it moves to where and when the sighting is; verifiers asked for make it `verifying`).
 * The intake (SightingsService) calls it in the sighting's transaction.
 */
@Injectable()
export class IncidentPlacement {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly incidents: IncidentsRepository,
  ) {}

  /** The incident a new sighting belongs to, opened if there is none; call `sightingAddedIn` once it is stored. */
  async placeIn(tx: Tx, point: readonly [number, number], observedAt: Date, drill = false): Promise<PlacedSighting> {
    const { groupMeters, groupWindowMs } = this.config.incidents;
    const placed = await this.incidents.place(tx.db, { point, observedAt, meters: groupMeters, windowMs: groupWindowMs, drill, now: this.now() });
    return placed.opened === null ? { incidentId: placed.joined, opened: false } : { incidentId: placed.opened.id, opened: true, incident: placed.opened };
  }

  /**
   * After the sighting is stored (and auto-dispatched, if it was): a joined incident takes the new sighting's
   * location and time; verifiers on their way make a reported incident `verifying`. Returns whether that happened.
   *
   * A just-opened incident's view is built from what this transaction wrote (it holds this one sighting, and
   * nobody else has seen it yet): on the hot path that spares reading it back after the commit, two queries and
   * about 0.6 ms of PostgreSQL planning per hotline call (`realtime.test` checks it equals what is read back).
   */
  async sightingAddedIn(tx: Tx, placed: PlacedSighting, added: { sighting: Sighting; zones: readonly ZoneRef[] }, dispatch: Dispatch | null): Promise<boolean> {
    // A just-opened incident already sits where and when its only sighting does.
    if (!placed.opened) await this.incidents.refresh(tx.db, placed.incidentId);
    const version = await this.verifiersAskedIn(tx, placed.incidentId, dispatch);
    if (!placed.opened) {
      tx.publish(new IncidentsTouched([placed.incidentId]));
      return version !== null;
    }
    const status = version === null ? placed.incident.status : 'verifying';
    const { sighting } = added;
    tx.publish(
      new IncidentChanged({
        incident: {
          ...placed.incident,
          status,
          version: version ?? placed.incident.version,
          claim: null,
          sources: { total: 1, byChannel: { [sighting.channel]: 1 } },
        },
        sightings: [{ ...sighting, status }],
        zones: added.zones.map(({ id, name }) => ({ id, name })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        dispatches: dispatch ? [dispatch] : [],
        media: [],
      }),
    );
    return version !== null;
  }

  /** Verifiers asked for make a reported incident `verifying`: its new version, or null if it did not change. */
  async verifiersAskedIn(tx: Tx, incidentId: string, dispatch: Dispatch | null): Promise<number | null> {
    if (!dispatch?.needs.some((n) => n.capability === 'verifier')) return null;
    return this.incidents.markVerifying(tx.db, incidentId, this.now());
  }

  private now(): Date {
    return new Date(this.clock.now());
  }
}
