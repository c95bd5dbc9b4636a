import type { ClientConfig } from '@centinela/contracts';
import { useEffect, useState } from 'react';
import { api } from './client';

let cached: Promise<ClientConfig> | undefined;

/** The deployment's public settings (basemap, map centre); null until loaded. */
export function useClientConfig(): ClientConfig | null {
  const [config, setConfig] = useState<ClientConfig | null>(null);
  useEffect(() => {
    cached ??= api<ClientConfig>('GET', '/api/config');
    let live = true;
    cached.then(
      (c) => live && setConfig(c),
      () => (cached = undefined),
    );
    return () => {
      live = false;
    };
  }, []);
  return config;
}
