import { rooms } from '@centinela/contracts';
import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DispatchUpdated, PingsChanged, PingsSent } from '../dispatch/dispatch.events.js';
import { IncidentChanged, IncidentRemoved } from '../incidents/incidents.events.js';
import { ResponderMoved, ResponderUpdated, ZoneCrossed } from '../responders/responders.events.js';
import { SightingCreated } from '../sightings/sightings.events.js';
import { ZoneDeleted, ZoneUpserted } from '../zones/zones.events.js';
import { RealtimeGateway } from './realtime.gateway.js';

/** Everyone who watches the live map. */
const mapWatchers = [rooms.dispatchers, rooms.coordinators];

/** The one place where committed domain events become socket messages, and where each message is addressed. */
@Injectable()
export class RealtimeListener {
  constructor(private readonly gateway: RealtimeGateway) {}

  private get server() {
    return this.gateway.server;
  }

  @OnEvent(SightingCreated.type)
  sightingCreated({ view }: SightingCreated): void {
    this.server.to(mapWatchers).emit('sighting.created', view);
  }

  @OnEvent(IncidentChanged.type)
  incidentChanged({ view }: IncidentChanged): void {
    this.server.to(mapWatchers).emit('incident.updated', view);
  }

  @OnEvent(IncidentRemoved.type)
  incidentRemoved({ id, reason, mergedInto }: IncidentRemoved): void {
    this.server.to(mapWatchers).emit('incident.removed', { id, reason, mergedInto });
  }

  @OnEvent(DispatchUpdated.type)
  dispatchUpdated({ dispatch }: DispatchUpdated): void {
    this.server.to(mapWatchers).emit('dispatch.updated', dispatch);
  }

  @OnEvent(PingsSent.type)
  pingsSent({ pings }: PingsSent): void {
    for (const ping of pings) this.server.to(rooms.responder(ping.responderId)).emit('ping', ping);
  }

  @OnEvent(PingsChanged.type)
  pingsChanged({ pings }: PingsChanged): void {
    for (const ping of pings) this.server.to(rooms.responder(ping.responderId)).emit('ping.updated', ping);
  }

  @OnEvent(ZoneUpserted.type)
  zoneUpserted({ zone }: ZoneUpserted): void {
    this.server.to(mapWatchers).emit('zone.upserted', zone);
  }

  @OnEvent(ZoneDeleted.type)
  zoneDeleted({ id }: ZoneDeleted): void {
    this.server.to(mapWatchers).emit('zone.deleted', { id });
  }

  @OnEvent(ResponderUpdated.type)
  responderUpdated({ responder }: ResponderUpdated): void {
    this.server.to([...mapWatchers, rooms.responder(responder.id)]).emit('responder.updated', responder);
  }

  @OnEvent(ResponderMoved.type)
  responderMoved({ responderId, alias, location }: ResponderMoved): void {
    this.server.to(mapWatchers).emit('responder.moved', { responderId, alias, location });
  }

  @OnEvent(ZoneCrossed.type)
  zoneCrossed({ responderId, alias, zoneId, zoneName, change, at }: ZoneCrossed): void {
    this.server.to(mapWatchers).emit('responder.zone', { responderId, alias, zoneId, zoneName, change, at });
  }
}
