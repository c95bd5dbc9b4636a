import { distanceMeters } from '@centinela/geo';
import { useEffect, useRef } from 'react';
import { api } from '../../shared/api/client';
import type { LiveSocket } from '../../shared/socket/live';

const EVERY_MS = 30_000;
const MOVED_METERS = 50;

/**
 * While on duty and sharing, sends the phone's position every ~30 s or after ~50 m of movement.
 * The server keeps only the latest point, for 10 minutes. Stopping tells it to forget at once. Positions ride the
 * live socket when it is connected (one frame, no request), else a PUT.
 */
export function useLocationSharing(active: boolean, onPosition: (at: [number, number]) => void, socket: LiveSocket | null = null): void {
  const onPositionRef = useRef(onPosition);
  onPositionRef.current = onPosition;
  const socketRef = useRef(socket);
  socketRef.current = socket;
  useEffect(() => {
    if (!active || !('geolocation' in navigator)) return;
    let last: { at: [number, number]; sentAt: number } | null = null;
    let latest: { at: [number, number]; accuracy: number } | null = null;
    const send = () => {
      if (!latest) return;
      last = { at: latest.at, sentAt: Date.now() };
      const update = { coordinates: latest.at, accuracy: Math.round(latest.accuracy) };
      const live = socketRef.current;
      if (live?.connected) live.emit('location', update, () => undefined);
      else void api('PUT', '/api/responders/me/location', update).catch(() => undefined);
    };
    const watch = navigator.geolocation.watchPosition(
      (p) => {
        latest = { at: [Number(p.coords.longitude.toFixed(6)), Number(p.coords.latitude.toFixed(6))], accuracy: p.coords.accuracy };
        onPositionRef.current(latest.at);
        if (!last || distanceMeters(last.at, latest.at) >= MOVED_METERS) send();
      },
      () => undefined,
      { enableHighAccuracy: true, maximumAge: 10_000 },
    );
    const timer = setInterval(() => last && Date.now() - last.sentAt >= EVERY_MS && send(), 5_000);
    return () => {
      navigator.geolocation.clearWatch(watch);
      clearInterval(timer);
      void api('DELETE', '/api/responders/me/location').catch(() => undefined);
    };
  }, [active]);
}
