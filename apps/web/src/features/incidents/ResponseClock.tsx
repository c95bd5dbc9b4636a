import { useTranslation } from 'react-i18next';

/** The response window the field works to: 5–7 minutes from when agents were seen. */
const WINDOW_MINUTES = 7;
const WARN_MINUTES = 5;

/** Time since the sighting was observed, against the 5–7 minute window: green, amber, then red once it is past. */
export function ResponseClock({ observedAt, now }: { observedAt: string; now: number }) {
  const { t } = useTranslation();
  const seconds = Math.max(0, Math.floor((now - Date.parse(observedAt)) / 1000));
  const minutes = seconds / 60;
  const state = minutes < WARN_MINUTES ? 'ok' : minutes < WINDOW_MINUTES ? 'warn' : 'late';
  const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <div className={`response-clock ${state}`} data-testid="response-clock" data-state={state} title={t('dispatch.windowHint')}>
      <span className="clock-time">{clock}</span>
      <span className="clock-bar" aria-hidden>
        <span style={{ width: `${Math.min(100, (minutes / WINDOW_MINUTES) * 100)}%` }} />
      </span>
      <span className="small">
        {state === 'late' ? t('dispatch.windowPassed') : t('dispatch.windowLeft', { minutes: Math.ceil(WINDOW_MINUTES - minutes) })}
      </span>
    </div>
  );
}
