import { randomBytes } from 'node:crypto';
import type { Capability, CreateSighting, Dispatch, Need, Role, SightingView, TravelMode, Zone } from '@centinela/contracts';
import type { MultiPolygon, Polygon } from 'geojson';
import type { AuthUser } from '../../apps/api/src/auth/token.service.js';
import { UnitOfWork } from '../../apps/api/src/database/unit-of-work.js';
import { IncidentsService } from '../../apps/api/src/incidents/incidents.service.js';
import { RespondersService } from '../../apps/api/src/responders/responders.service.js';
import { SightingsService } from '../../apps/api/src/sightings/sightings.service.js';
import { UsersService } from '../../apps/api/src/users/users.service.js';
import { ZonesService } from '../../apps/api/src/zones/zones.service.js';
import type { MediumApp } from './medium-app.js';

/** A responder made by `build.responder`: `alias` as stored (unique in the app), `name` as the spec gave it. */
export type BuiltResponder = { id: string; userId: string; alias: string; name: string };

export type ResponderSpec = {
  /** A short name; stored with a suffix that keeps it unique across the spec file's tests (see `nameOf`). */
  alias?: string;
  onDuty?: boolean;
  /** Where they share their location from (puts them on duty: only responders on duty share one). */
  at?: [number, number];
  zones?: Zone[];
  capabilities?: Capability[];
  travelMode?: TravelMode;
};

let counter = 0;
const SUFFIX = /~\d+$/;

/** The name a spec gave a responder, from anything carrying the alias stored for them (a candidate, a ping). */
export const nameOf = (x: { alias: string } | string): string => (typeof x === 'string' ? x : x.alias).replace(SUFFIX, '');
export const namesOf = (xs: Iterable<{ alias: string }>): string[] => [...xs].map(nameOf);

/**
 * Data for medium specs, made through the application's own services (as the HTTP routes would call them), never
 * by writing rows: an account is UsersService.createAccount, duty and zones RespondersService, a location
 * RespondersService.shareLocation, a zone ZonesService.create, a sighting the intake (SightingsService).
 */
export class Builders {
  private dispatcherUser?: Promise<AuthUser>;

  constructor(private readonly m: MediumApp) {}

  /** An account of a role, as the services see a signed-in user (the HTTP tier's guard would build the same). */
  async user(role: Role): Promise<AuthUser> {
    const username = `${role}-${process.pid}-${++counter}`;
    const user = await this.m.get(UsersService).createAccount({ username, password: randomBytes(12).toString('hex'), role });
    return { ...user, sessionId: null, sessionStartedAt: Date.now(), expiresAt: Date.now() + 3_600_000 };
  }

  /** The dispatcher who logs the builders' sightings and starts their dispatches (one per app). */
  dispatcher(): Promise<AuthUser> {
    this.dispatcherUser ??= this.user('dispatcher');
    return this.dispatcherUser;
  }

  async responder(spec: ResponderSpec = {}): Promise<BuiltResponder> {
    const name = spec.alias ?? 'responder';
    const alias = `${name}~${++counter}`;
    const username = `responder-${process.pid}-${counter}`;
    const profile = { capabilities: spec.capabilities ?? ['verifier'], languages: [], travelMode: spec.travelMode ?? 'walk' };
    const user = await this.m.get(UsersService).createAccount({ username, password: randomBytes(12).toString('hex'), role: 'responder', alias, profile });
    const id = user.responderId!;
    const responders = this.m.get(RespondersService);
    if (spec.onDuty || spec.at) await responders.updateMine(id, { onDuty: true });
    if (spec.zones?.length) await responders.update(id, { zoneIds: spec.zones.map((z) => z.id) });
    if (spec.at) await responders.shareLocation(id, { coordinates: spec.at });
    return { id, userId: user.id, alias, name };
  }

  /** Several responders, one after another (each account is its own transaction). */
  async responders(...specs: ResponderSpec[]): Promise<BuiltResponder[]> {
    const built: BuiltResponder[] = [];
    for (const spec of specs) built.push(await this.responder(spec));
    return built;
  }

  zone(area: Polygon | MultiPolygon, name = `zone-${++counter}`): Promise<Zone> {
    return this.m.get(ZonesService).create({ name, area });
  }

  /**
   * A sighting logged by the dispatcher, through the intake: placed in an incident, stored, and — for a hotline call,
   * unless the app runs with AUTO_DISPATCH_VERIFIERS=0 — verifiers dispatched. Observed now on the app's clock unless
   * `minutesAgo` or `observedAt` says otherwise.
   */
  async sighting(at: [number, number], extra: Partial<CreateSighting> & { minutesAgo?: number } = {}): Promise<SightingView> {
    const { minutesAgo = 0, ...fields } = extra;
    const dispatcher = await this.dispatcher();
    const observedAt = new Date(this.now() - minutesAgo * 60_000).toISOString();
    return this.m.get(SightingsService).logged({ location: { type: 'Point', coordinates: at }, observedAt, channel: 'sms', ...fields }, dispatcher.id);
  }

  /** A drill's simulated hotline call at a place, through the intake's drill path (a drill incident, auto-dispatch). */
  async drillSighting(at: [number, number]): Promise<SightingView> {
    const coordinator = await this.user('coordinator');
    const input = { location: { type: 'Point' as const, coordinates: at }, activity: 'other' as const, locationDescription: '', notes: 'drill' };
    return this.m.get(UnitOfWork).run((tx) => this.m.get(SightingsService).drillIn(tx, input, coordinator.id));
  }

  /** A dispatcher asks for responders for the incident of a sighting (IncidentsService.dispatchForSighting). */
  async dispatch(sighting: SightingView, ...needs: Need[]): Promise<Dispatch> {
    const dispatcher = await this.dispatcher();
    return this.m.get(IncidentsService).dispatchForSighting(sighting.sighting.id, { needs }, dispatcher.id);
  }

  private now(): number {
    return this.m.clock?.now() ?? Date.now();
  }
}
