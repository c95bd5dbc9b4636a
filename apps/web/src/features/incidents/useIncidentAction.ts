import type { IncidentView } from '@centinela/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../../shared/api/client';

/**
 * Runs an edit of an incident. A 409 means someone changed it first (or holds it): the current state the
 * server sent replaces ours, and the dispatcher is told to look again, never silently overwritten.
 */
export function useIncidentAction(onUpdated: (view: IncidentView) => void) {
  const { t } = useTranslation();
  const [message, setMessage] = useState<{ kind: 'error' | 'conflict'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<IncidentView | undefined>): Promise<boolean> => {
    setBusy(true);
    setMessage(null);
    try {
      const view = await work();
      if (view) onUpdated(view);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const current = e.current as IncidentView | undefined;
        if (current?.incident) onUpdated(current);
        setMessage({ kind: 'conflict', text: e.reason ? describeError(e) : `${t('incident.conflict')} (${e.message})` });
      } else setMessage({ kind: 'error', text: describeError(e) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { run, message, busy, clear: () => setMessage(null) };
}
