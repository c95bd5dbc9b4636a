import { useState } from 'react';
import { api, describeError } from '../../../shared/api/client';

/** Runs one change to the schedule at a time, then reloads; a refusal (a shift taken first) is shown, not thrown. */
export function useShiftAction(reload: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>) => {
    setBusy(true);
    setError(null);
    api(method, path, body, headers)
      .catch((e: unknown) => setError(describeError(e)))
      .finally(() => {
        setBusy(false);
        reload();
      });
  };
  return { busy, error, run };
}
