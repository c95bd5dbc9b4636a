import { type ClientToServerEvents, rooms, type ServerToClientEvents } from '@centinela/contracts';
import { Logger } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { type AuthUser, TokenService } from '../auth/token.service.js';

export type SocketData = { user: AuthUser };
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * The socket.io endpoint. Authentication happens in the handshake middleware (Nest guards do not run on
 * connection): a missing, invalid or expired token is refused before the socket exists. Each socket then
 * joins its role's room and, for a responder, its own room; it is disconnected when its token expires.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false, transports: ['websocket', 'polling'] })
export class RealtimeGateway implements OnGatewayInit<RealtimeServer>, OnGatewayConnection<RealtimeSocket> {
  private readonly logger = new Logger(RealtimeGateway.name);

  @WebSocketServer()
  server: RealtimeServer;

  constructor(private readonly tokens: TokenService) {}

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
    if (user.role === 'responder' && user.responderId) void socket.join(rooms.responder(user.responderId));
    if (user.role === 'dispatcher') void socket.join(rooms.dispatchers);
    if (user.role === 'coordinator') void socket.join(rooms.coordinators);
    const expiry = setTimeout(() => socket.disconnect(true), Math.max(0, user.expiresAt - Date.now()));
    expiry.unref();
    socket.once('disconnect', () => clearTimeout(expiry));
    this.logger.debug(`socket connected: ${user.role}`);
  }
}
