import type { ClientToServerEvents, ServerToClientEvents } from '@centinela/contracts';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { useSession } from '../api/session';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type LiveStatus = 'connecting' | 'live' | 'offline';

/**
 * One socket.io connection for the signed-in session. The server disconnects it when the token expires;
 * it reconnects with the refreshed token. `onReconnect` lets a page refetch what it may have missed.
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
    s.on('connect_error', () => setStatus('offline'));
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
