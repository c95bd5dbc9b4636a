import { useEffect, useState } from 'react';
import i18n from '../i18n/i18n';

/** Re-renders every `ms` so relative times stay true. */
export function useNow(ms = 15_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** Whole minutes between an ISO time and now (never negative). */
export const minutesSince = (iso: string, now: number): number => Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));

const STYLES = {
  time: { hour: '2-digit', minute: '2-digit' },
  seconds: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
  date: { dateStyle: 'medium' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  short: { dateStyle: 'short', timeStyle: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
export type TimeStyle = keyof typeof STYLES;

/** A time or date in the language chosen in the app (not the browser's), e.g. "14:05" / "2:05 PM". */
export function formatTime(iso: string | number, style: TimeStyle = 'time'): string {
  return new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'en', STYLES[style]).format(new Date(iso));
}
