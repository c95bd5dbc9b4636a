import { type ClientToServerEvents, type LocationAck, locationUpdateSchema, rooms, type ServerToClientEvents } from '@centinela/contracts';
import { Logger } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { type AuthUser, TokenService } from '../auth/token.service.js';
import { errorResponseOf } from '../common/errors/http-error.filter.js';
import { ZodPipe } from '../common/validation/zod.pipe.js';
import { DispatchService } from '../dispatch/dispatch.service.js';
import { RespondersService } from '../responders/responders.service.js';

const validateLocation = new ZodPipe(locationUpdateSchema);

export type SocketData = { user: AuthUser };

/** The room of a session's sockets (server-side only): ending the session disconnects them on every process. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * The socket.io endpoint. Authentication happens in the handshake middleware (Nest guards do not run on
 * connection): a missing, invalid or expired token is refused before the socket exists. Each socket then
 * joins its role's room, its session's room and, for a responder, its own room; it is disconnected when its token
 * expires or its session ends (see RealtimeListener.sessionsEnded).
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false, transports: ['websocket', 'polling'] })
export class RealtimeGateway implements OnGatewayInit<RealtimeServer>, OnGatewayConnection<RealtimeSocket> {
  private readonly logger = new Logger(RealtimeGateway.name);

  @WebSocketServer()
  server: RealtimeServer;

  constructor(
    private readonly tokens: TokenService,
    private readonly dispatch: DispatchService,
    private readonly responders: RespondersService,
  ) {}

  afterInit(server: RealtimeServer): void {
    server.use((socket, next) => {
      const token: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      this.tokens.verify(token).then(
        (user) => {
          socket.data.user = user;
          next();
        },
        (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
      );
    });
  }

  handleConnection(socket: RealtimeSocket): void {
    const { user } = socket.data;
    if (user.sessionId) void socket.join(sessionRoom(user.sessionId));
    if (user.role === 'responder' && user.responderId) void socket.join(rooms.responder(user.responderId));
    if (user.role === 'dispatcher') void socket.join(rooms.dispatchers);
    if (user.role === 'coordinator') void socket.join(rooms.coordinators);
    const expiry = setTimeout(() => socket.disconnect(true), Math.max(0, user.expiresAt - Date.now()));
    expiry.unref();
    socket.once('disconnect', () => clearTimeout(expiry));
    if (user.role === 'responder' && user.responderId) {
      const responderId = user.responderId;
      socket.on('location', (update, ack) => void this.shareLocation(responderId, update, ack));
      void this.replayOpenPings(socket, responderId);
    }
    this.logger.debug(`socket connected: ${user.role}`);
  }

  /**
   * What a responder may have missed while disconnected (or while the process they were on died): every ping
   * still waiting for their answer is sent again on each connection. The app keeps one copy per ping id.
   */
  private async replayOpenPings(socket: RealtimeSocket, responderId: string): Promise<void> {
    try {
      const open = (await this.dispatch.mine(responderId)).filter((p) => p.status === 'pending');
      for (const ping of open.reverse()) socket.emit('ping', ping);
    } catch (error) {
      this.logger.warn(`replaying pings on connection failed: ${String(error)}`);
    }
  }

  /** A location shared over the socket: the same rules and answers as PUT /api/responders/me/location. */
  private async shareLocation(responderId: string, update: unknown, ack: unknown): Promise<void> {
    const answer = (message: LocationAck) => {
      if (typeof ack === 'function') (ack as (a: LocationAck) => void)(message);
    };
    try {
      const parsed = validateLocation.transform(update);
      answer({ ok: true, location: await this.responders.shareLocation(responderId, parsed) });
    } catch (error) {
      const { statusCode, message } = errorResponseOf(error);
      answer({ ok: false, status: statusCode, message });
    }
  }
}
