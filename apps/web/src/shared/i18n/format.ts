import { useTranslation } from 'react-i18next';

/**
 * Dates, times, numbers and durations by the rules of the language the app is shown in (Intl), so an Arabic
 * page shows Arabic digits and a Vietnamese one its own date order. One place, so every page agrees.
 */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'en';
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return {
    locale,
    number: (n: number) => number.format(n),
    percent: (share: number | null) => (share === null ? '—' : percent.format(share)),
    date: (value: string | number | Date, timeZone?: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(new Date(value)),
    dateTime: (value: string | number | Date, timeZone?: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(value)),
    timeWithSeconds: (value: string | number | Date) =>
      new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(value)),
    time: (value: string | number | Date, timeZone?: string) =>
      new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(new Date(value)),
    /** A duration in seconds as minutes and seconds ("4 min 10 s"), by the language's unit names. */
    duration: (seconds: number | null) => {
      if (seconds === null) return '—';
      const total = Math.round(seconds);
      const minutes = Math.floor(total / 60);
      const unit = (value: number, u: 'minute' | 'second') => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(value);
      return minutes > 0 ? `${unit(minutes, 'minute')} ${unit(total % 60, 'second')}` : unit(total, 'second');
    },
    /** A list by the language's rules ("a, b and c"; "a، b و c"). */
    list: (items: readonly string[], type: 'conjunction' | 'unit' = 'unit') => new Intl.ListFormat(locale, { style: 'narrow', type }).format(items),
    /** A weekday's short name (ISO 1 = Monday) in the language. */
    weekday: (isoDay: number) => new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2024, 0, isoDay)),
    /** A language's own name for a language code (`vi` → "Tiếng Việt" in Vietnamese). */
    language: (code: string) => {
      try {
        return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
      } catch {
        return code;
      }
    },
  };
}
