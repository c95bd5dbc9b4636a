import type { Activity, CreateSighting, PublicReport, SightingView, SightingsQuery } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { DispatchService } from '../dispatch/dispatch.service.js';
import { IncidentPlacement } from '../incidents/incident-placement.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { ZoneMatcher } from '../zones/zone-matcher.js';
import { SightingCreated } from './sightings.events.js';
import { type NewSighting, SightingsRepository, type StoredSighting } from './sightings.repository.js';

type SightingInput = Omit<NewSighting, 'zoneIds' | 'incidentId'>;

/** How far back the map's first paint looks when the client does not say. */
const DEFAULT_LOOKBACK_MS = 12 * 3_600_000;

@Injectable()
export class SightingsService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly sightings: SightingsRepository,
    private readonly matcher: ZoneMatcher,
    private readonly dispatch: DispatchService,
    private readonly incidents: IncidentsService,
    private readonly placement: IncidentPlacement,
  ) {}

  /**
   * A sighting logged by a dispatcher: stored, matched to zones; from a hotline call, verifiers dispatched at once.
   * `alsoIn` runs in the same transaction (the hotline links its call to the sighting there).
   */
  logged(input: CreateSighting, dispatcherId: string, alsoIn?: (tx: Tx, view: SightingView) => Promise<void>): Promise<SightingView> {
    return this.record(
      {
        location: input.location,
        observedAt: input.observedAt,
        channel: input.channel,
        agents: input.size?.agents ?? null,
        vehicles: input.size?.vehicles ?? null,
        activity: input.activity ?? 'other',
        locationDescription: input.locationDescription ?? '',
        agency: input.agency ?? 'unknown',
        uniform: input.uniform ?? '',
        equipment: input.equipment ?? '',
        notes: input.notes ?? '',
        reportedBy: dispatcherId,
      },
      { autoDispatch: true, alsoIn },
    );
  }

  /**
   * A community report from the public form. It reaches dispatchers at once but pings nobody until a
   * dispatcher dispatches: anonymous reports are unverified, and false reports are used to exhaust responders.
   */
  reported(input: PublicReport, channel: 'web' | 'telegram' = 'web'): Promise<SightingView> {
    return this.record(
      {
        location: input.location,
        observedAt: input.observedAt,
        channel,
        agents: input.agents ?? null,
        vehicles: null,
        activity: input.activity ?? 'other',
        locationDescription: input.locationDescription ?? '',
        agency: 'unknown',
        uniform: '',
        equipment: '',
        notes: input.description,
        reportedBy: null,
      },
      { autoDispatch: false },
    );
  }

  /**
   * A drill's simulated hotline call, inside the drill's transaction: the real intake (zones, a drill incident of
   * its own, the automatic dispatch of verifiers) with the incident marked as a drill from its first moment.
   */
  drillIn(tx: Tx, input: { location: CreateSighting['location']; activity: Activity; locationDescription: string; notes: string }, coordinatorId: string) {
    const sighting = {
      ...input,
      observedAt: this.incidents.now().toISOString(),
      channel: 'hotline-call' as const,
      agents: null,
      vehicles: null,
      agency: 'unknown' as const,
      uniform: '',
      equipment: '',
      reportedBy: coordinatorId,
    };
    return this.recordIn(tx, sighting, { autoDispatch: true, drill: true });
  }

  async list(query: SightingsQuery): Promise<SightingView[]> {
    const since = query.since ? new Date(query.since) : new Date(this.clock.now() - DEFAULT_LOOKBACK_MS);
    return this.withDispatches(await this.sightings.list(this.uow.db, { bbox: query.bbox, since, limit: query.limit }));
  }

  async get(id: string): Promise<SightingView> {
    const stored = await this.sightings.find(this.uow.db, id);
    if (!stored) throw DomainError.notFound('sighting');
    return (await this.withDispatches([stored]))[0]!;
  }

  private async withDispatches(stored: StoredSighting[]): Promise<SightingView[]> {
    const dispatches = await this.dispatch.forSightings(stored.map((s) => s.sighting.id));
    return stored.map((s) => ({ ...s, dispatches: dispatches.get(s.sighting.id) ?? [] }));
  }

  /**
   * Stores a sighting in the open incident it belongs to (or a new one), in one transaction with the
   * automatic dispatch, if any, and the incident's move to `verifying` it brings. The hot path: one zone
   * match in memory, then a handful of prepared statements; pings and `sighting.created` go out at commit.
   */
  private record(input: SightingInput, options: { autoDispatch: boolean; alsoIn?: (tx: Tx, view: SightingView) => Promise<void> }): Promise<SightingView> {
    return this.uow.run(async (tx) => {
      const view = await this.recordIn(tx, input, { autoDispatch: options.autoDispatch, drill: false });
      await options.alsoIn?.(tx, view);
      return view;
    });
  }

  private async recordIn(tx: Tx, input: SightingInput, options: { autoDispatch: boolean; drill: boolean }): Promise<SightingView> {
    const [lon, lat] = input.location.coordinates as [number, number];
    const zones = this.matcher.match(lon, lat);
    const zoneIds = zones.map((z) => z.id);
    const placed = await this.placement.placeIn(tx, [lon, lat], new Date(input.observedAt), options.drill);
    const sighting = await this.sightings.insert(tx.db, { ...input, zoneIds, incidentId: placed.incidentId });
    const dispatch = options.autoDispatch ? await this.dispatch.autoDispatchIn(tx, sighting, zoneIds, placed.opened, options.drill) : null;
    if (await this.placement.sightingAddedIn(tx, placed, { sighting, zones }, dispatch)) sighting.status = 'verifying';
    const view: SightingView = { sighting, zones, dispatches: dispatch ? [dispatch] : [] };
    tx.publish(new SightingCreated(view));
    return view;
  }
}
