import { useCallback, useEffect, useState } from 'react';

/**
 * The phone's position, only when the responder asks for it (or has already allowed it), for distances.
 * It stays on the phone: nothing is sent to the server.
 */
export function useMyPosition(): { position: [number, number] | null; locate: () => void; setPosition: (at: [number, number]) => void } {
  const [position, setPosition] = useState<[number, number] | null>(null);
  const locate = useCallback(() => {
    if ('geolocation' in navigator)
      navigator.geolocation.getCurrentPosition(
        (p) => setPosition([p.coords.longitude, p.coords.latitude]),
        () => setPosition(null),
        { enableHighAccuracy: true, maximumAge: 30_000, timeout: 10_000 },
      );
  }, []);
  useEffect(() => {
    if (!('permissions' in navigator)) return;
    void navigator.permissions
      .query({ name: 'geolocation' })
      .then((status) => status.state === 'granted' && locate())
      .catch(() => undefined);
  }, [locate]);
  return { position, locate, setPosition };
}
