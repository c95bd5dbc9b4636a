import type { ClientToServerEvents, ServerToClientEvents } from '@centinela/contracts';
import { io, type Socket } from 'socket.io-client';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

const DEFAULT_TIMEOUT_MS = 3000;

/**
 * Events a socket received before an EventLog took it over: the server may send some at once on connection (the
 * replay of open pings), in the same network read as the handshake, before `await connectSocket(…)` resumes.
 */
const early = new WeakMap<TestSocket, { events: { event: EventName; payload: unknown }[]; listener: (event: EventName, payload: unknown) => void }>();

/** A connected socket.io client; rejects with the server's reason if the handshake is refused. */
export function connectSocket(baseUrl: string, token?: string): Promise<TestSocket> {
  const socket: TestSocket = io(baseUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    reconnection: false,
    forceNew: true,
  });
  const buffer = {
    events: [] as { event: EventName; payload: unknown }[],
    listener: (event: EventName, payload: unknown) => void buffer.events.push({ event, payload }),
  };
  socket.onAny(buffer.listener);
  early.set(socket, buffer);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect in time')), DEFAULT_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
  });
}

/**
 * Records every server event a socket receives, so a test can wait for the next one that matches,
 * or check what arrived before a later marker event (socket.io keeps per-connection order).
 */
export class EventLog {
  readonly received: { event: EventName; payload: unknown }[] = [];
  private waiters: { event: EventName; test: (p: any) => boolean; resolve: (p: any) => void }[] = [];

  constructor(readonly socket: TestSocket) {
    const buffered = early.get(socket);
    if (buffered) {
      socket.offAny(buffered.listener);
      early.delete(socket);
      this.received.push(...buffered.events);
    }
    socket.onAny((event: EventName, payload: unknown) => {
      this.received.push({ event, payload });
      this.waiters = this.waiters.filter((w) => {
        if (w.event !== event || !w.test(payload)) return true;
        w.resolve(payload);
        return false;
      });
    });
  }

  /** The first matching event already received or arriving within the timeout. */
  next<E extends EventName>(event: E, test: (payload: Payload<E>) => boolean = () => true, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Payload<E>> {
    const seen = this.received.find((r) => r.event === event && test(r.payload as Payload<E>));
    if (seen) return Promise.resolve(seen.payload as Payload<E>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${event}" event within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        event,
        test,
        resolve: (payload) => {
          clearTimeout(timer);
          resolve(payload);
        },
      });
    });
  }

  of<E extends EventName>(event: E): Payload<E>[] {
    return this.received.filter((r) => r.event === event).map((r) => r.payload as Payload<E>);
  }
}
