import { distanceMeters } from '@centinela/geo';
import { useEffect, useRef } from 'react';
import { api } from '../../shared/api/client';

const EVERY_MS = 30_000;
const MOVED_METERS = 50;

/**
 * While on duty and sharing, sends the phone's position every ~30 s or after ~50 m of movement.
 * The server keeps only the latest point, in memory, for 10 minutes. Stopping tells it to forget at once.
 */
export function useLocationSharing(active: boolean, onPosition: (at: [number, number]) => void): void {
  const onPositionRef = useRef(onPosition);
  onPositionRef.current = onPosition;
  useEffect(() => {
    if (!active || !('geolocation' in navigator)) return;
    let last: { at: [number, number]; sentAt: number } | null = null;
    let latest: { at: [number, number]; accuracy: number } | null = null;
    const send = () => {
      if (!latest) return;
      last = { at: latest.at, sentAt: Date.now() };
      void api('PUT', '/api/responders/me/location', { coordinates: latest.at, accuracy: Math.round(latest.accuracy) }).catch(() => undefined);
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
