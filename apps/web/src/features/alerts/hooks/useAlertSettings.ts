import type { AlertSettings, Zone } from '@centinela/contracts';
import { useEffect, useState } from 'react';
import { api, describeError } from '../../../shared/api/client';

/** What the composer needs before anything is typed: the server's alert settings and the zones. */
export function useAlertSettings(): { settings: AlertSettings | null; zones: Zone[]; error: string | null } {
  const [settings, setSettings] = useState<AlertSettings | null>(null);
  const [zones, setZones] = useState<Zone[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([api<AlertSettings>('GET', '/api/alerts/settings'), api<Zone[]>('GET', '/api/zones')]).then(
      ([s, z]) => {
        setSettings(s);
        setZones(z);
      },
      (e: unknown) => setError(describeError(e)),
    );
  }, []);
  return { settings, zones, error };
}
