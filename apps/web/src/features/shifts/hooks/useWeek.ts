import type { WeekSchedule } from '@centinela/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api, describeError } from '../../../shared/api/client';
import { type LiveSocket, useLiveEvent } from '../../../shared/socket/live';

/** The week's schedule, reloaded when anyone changes it (operators hear it live; everyone on focus). */
export function useWeek(socket: LiveSocket | null) {
  const [week, setWeek] = useState<WeekSchedule | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api<WeekSchedule>('GET', '/api/shifts').then(
      (w) => {
        setWeek(w);
        setError(null);
      },
      (e: unknown) => setError(describeError(e)),
    );
  }, []);
  useEffect(() => {
    reload();
    window.addEventListener('focus', reload);
    return () => window.removeEventListener('focus', reload);
  }, [reload]);
  useLiveEvent(socket, 'shifts.changed', reload);
  return { week, error, reload };
}
