import { MOVES_EVERY_MS, type ResponderMovedMessage, rooms } from '@centinela/contracts';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AlertChanged, AlertDeliveriesChanged } from '../alerts/alerts.events.js';
import { OnDomainEvent } from '../common/events/on-domain-event.js';
import { DispatchUpdated, PingsChanged, PingsSent } from '../dispatch/dispatch.events.js';
import { CallUpdated } from '../hotline/hotline.events.js';
import { IncidentChanged, IncidentRemoved } from '../incidents/incidents.events.js';
import { ResponderMoved, ResponderRemoved, ResponderUpdated, ZoneCrossed } from '../responders/responders.events.js';
import { SessionsEnded, SessionsResynced } from '../sessions/sessions.events.js';
import { OperatorMessagePosted, ScheduleChanged } from '../shifts/shifts.events.js';
import { TokenService } from '../auth/token.service.js';
import { SightingCreated } from '../sightings/sightings.events.js';
import { ThreadMessageChanged, ThreadUpdated } from '../threads/threads.events.js';
import { ZoneDeleted, ZoneUpserted } from '../zones/zones.events.js';
import { RealtimeGateway, type RealtimeServer, sessionRoom } from './realtime.gateway.js';

/** Everyone who watches the live map. */
const mapWatchers = [rooms.dispatchers, rooms.coordinators];

/** The one place where committed domain events become socket messages, and where each message is addressed. */
@Injectable()
export class RealtimeListener implements OnModuleDestroy {
  /** Moves waiting for the end of the interval since the last batch (see `responders.moved`). */
  private moves: ResponderMovedMessage[] = [];
  private movesTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly gateway: RealtimeGateway,
    private readonly tokens: TokenService,
  ) {}

  onModuleDestroy(): void {
    if (this.movesTimer) clearTimeout(this.movesTimer);
    this.movesTimer = null;
  }

  private get server() {
    return this.gateway.server;
  }

  /**
   * Sessions ended (sign-out, a coordinator ending someone's access): their sockets on this process are disconnected.
   * Every process receives the event (the one that ended them after commit, the others through the cluster channel).
   */
  @OnDomainEvent(SessionsEnded)
  sessionsEnded({ sessionIds }: SessionsEnded): void {
    const server = this.gateway.server as RealtimeServer | undefined; // undefined until the gateway is listening
    if (server && sessionIds.length > 0) server.local.in(sessionIds.map(sessionRoom)).disconnectSockets(true);
  }

  /** This process may have missed ended sessions: each socket's session is looked up, and the ended ones' dropped. */
  @OnDomainEvent(SessionsResynced)
  async sessionsResynced(): Promise<void> {
    const server = this.gateway.server as RealtimeServer | undefined;
    if (!server) return; // not listening yet: no sockets
    const sockets = [...server.of('/').sockets.values()];
    const ids = sockets.flatMap((s) => s.data.user.sessionId ?? []);
    const open = await this.tokens.openSessions([...new Set(ids)]);
    for (const socket of sockets) if (socket.data.user.sessionId !== null && !open.has(socket.data.user.sessionId)) socket.disconnect(true);
  }

  @OnDomainEvent(SightingCreated)
  sightingCreated({ view }: SightingCreated): void {
    this.server.to(mapWatchers).emit('sighting.created', view);
  }

  @OnDomainEvent(IncidentChanged)
  incidentChanged({ view }: IncidentChanged): void {
    this.server.to(mapWatchers).emit('incident.updated', view);
  }

  @OnDomainEvent(IncidentRemoved)
  incidentRemoved({ id, reason, mergedInto }: IncidentRemoved): void {
    this.server.to(mapWatchers).emit('incident.removed', { id, reason, mergedInto });
  }

  @OnDomainEvent(DispatchUpdated)
  dispatchUpdated({ dispatch }: DispatchUpdated): void {
    this.server.to(mapWatchers).emit('dispatch.updated', dispatch);
  }

  @OnDomainEvent(PingsSent)
  pingsSent({ pings }: PingsSent): void {
    for (const ping of pings) this.server.to(rooms.responder(ping.responderId)).emit('ping', ping);
  }

  @OnDomainEvent(PingsChanged)
  pingsChanged({ pings }: PingsChanged): void {
    for (const ping of pings) this.server.to(rooms.responder(ping.responderId)).emit('ping.updated', ping);
  }

  @OnDomainEvent(ZoneUpserted)
  zoneUpserted({ zone }: ZoneUpserted): void {
    this.server.to(mapWatchers).emit('zone.upserted', zone);
  }

  @OnDomainEvent(ZoneDeleted)
  zoneDeleted({ id }: ZoneDeleted): void {
    this.server.to(mapWatchers).emit('zone.deleted', { id });
  }

  @OnDomainEvent(ResponderUpdated)
  responderUpdated({ responder }: ResponderUpdated): void {
    this.server.to([...mapWatchers, rooms.responder(responder.id)]).emit('responder.updated', responder);
  }

  @OnDomainEvent(ResponderRemoved)
  responderRemoved({ responderId }: ResponderRemoved): void {
    this.server.to(mapWatchers).emit('responder.removed', { id: responderId });
  }

  /**
   * Live locations, batched: every watcher's screen costs a socket write per message, and with a thousand
   * responders sharing where they are those writes were most of a location update's CPU (measurement 5). A move
   * after a quiet interval goes out at once; moves during the interval wait for its end and go together.
   */
  @OnDomainEvent(ResponderMoved)
  responderMoved({ responderId, alias, location }: ResponderMoved): void {
    this.moves.push({ responderId, alias, location });
    if (!this.movesTimer) this.sendMoves();
  }

  private sendMoves(): void {
    this.movesTimer = null;
    if (this.moves.length === 0) return;
    const moves = this.moves;
    this.moves = [];
    this.server.to(mapWatchers).emit('responders.moved', moves);
    this.movesTimer = setTimeout(() => this.sendMoves(), MOVES_EVERY_MS);
    this.movesTimer.unref();
  }

  @OnDomainEvent(ThreadUpdated)
  threadUpdated({ thread }: ThreadUpdated): void {
    this.server.to(mapWatchers).emit('thread.updated', thread);
  }

  @OnDomainEvent(ThreadMessageChanged)
  threadMessage({ message }: ThreadMessageChanged): void {
    this.server.to(mapWatchers).emit('thread.message', message);
  }

  @OnDomainEvent(ZoneCrossed)
  zoneCrossed({ responderId, alias, zoneId, zoneName, change, at }: ZoneCrossed): void {
    this.server.to(mapWatchers).emit('responder.zone', { responderId, alias, zoneId, zoneName, change, at });
  }

  @OnDomainEvent(CallUpdated)
  callUpdated({ call }: CallUpdated): void {
    this.server.to(mapWatchers).emit('hotline.call', call);
  }

  @OnDomainEvent(OperatorMessagePosted)
  operatorMessage({ message }: OperatorMessagePosted): void {
    this.server.to(mapWatchers).emit('operators.message', message);
  }

  @OnDomainEvent(ScheduleChanged)
  scheduleChanged({ templateId }: ScheduleChanged): void {
    this.server.to(mapWatchers).emit('shifts.changed', { shiftId: templateId });
  }

  @OnDomainEvent(AlertChanged)
  alertChanged({ view }: AlertChanged): void {
    this.server.to(mapWatchers).emit('alert.updated', view);
  }

  @OnDomainEvent(AlertDeliveriesChanged)
  alertDeliveries({ counts }: AlertDeliveriesChanged): void {
    this.server.to(mapWatchers).emit('alert.deliveries', counts);
  }
}
