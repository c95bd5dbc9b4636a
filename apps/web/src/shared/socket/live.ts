import type { ClientToServerEvents, ServerToClientEvents } from '@centinela/contracts';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { api } from '../api/client';
import { useSession } from '../api/session';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type LiveStatus = 'connecting' | 'live' | 'offline';

/**
 * One socket.io connection for the signed-in session. The server disconnects it when the token expires;
 * it reconnects with the refreshed token. `onReconnect` lets a page refetch what it may have missed.
 *
 * The server also disconnects it when the session ends elsewhere (signed out on another device, or a coordinator
 * ended this person's access: a lost or seized phone). The reconnection is then refused, and the page asks the API
 * whether the session still stands: a 401 signs this browser out at once (the API client clears the session), so
 * the screen — pings, places, incidents — goes, instead of staying up "reconnecting" on a seized phone.
 */
export function useLiveSocket(onReconnect?: () => void): { socket: LiveSocket | null; status: LiveStatus } {
  const session = useSession();
  const [socket, setSocket] = useState<LiveSocket | null>(null);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const tokenRef = useRef(session?.accessToken);
  const reconnectRef = useRef(onReconnect);
  tokenRef.current = session?.accessToken;
  reconnectRef.current = onReconnect;
  const userId = session?.user.id;

  useEffect(() => {
    if (!userId) return;
    const s: LiveSocket = io({ path: '/socket.io', transports: ['websocket', 'polling'], auth: (cb) => cb({ token: tokenRef.current }) });
    let connectedBefore = false;
    s.on('connect', () => {
      setStatus('live');
      if (connectedBefore) reconnectRef.current?.();
      connectedBefore = true;
    });
    s.on('disconnect', (reason) => {
      setStatus('offline');
      if (reason === 'io server disconnect') setTimeout(() => s.connect(), 1000); // token expired: retry with the fresh one
    });
    let checkedAt = 0;
    s.on('connect_error', () => {
      setStatus('offline');
      // Refused (not just unreachable): is the session over? At most every 10 s while the socket keeps retrying.
      if (Date.now() - checkedAt < 10_000) return;
      checkedAt = Date.now();
      void api('GET', '/api/auth/me').catch(() => undefined);
    });
    setSocket(s);
    return () => {
      s.close();
      setSocket(null);
    };
  }, [userId]);

  return { socket, status };
}

/** Subscribes to one server event while mounted. */
export function useLiveEvent<E extends keyof ServerToClientEvents>(socket: LiveSocket | null, event: E, handler: ServerToClientEvents[E]): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = ((payload: never) => (ref.current as (p: never) => void)(payload)) as never;
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [socket, event]);
}
