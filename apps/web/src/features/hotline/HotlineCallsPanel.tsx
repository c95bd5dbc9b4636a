import type { HotlineCall } from '@centinela/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../shared/api/client';
import { useFormat } from '../../shared/i18n/format';

type Props = {
  calls: HotlineCall[];
  me: string;
  now: number;
  onUpdated: (call: HotlineCall) => void;
  /** Log the SALUTE form from this call (the operator who answered it). */
  onLog: (call: HotlineCall) => void;
  onOpenIncident: (incidentId: string) => void;
};

/** Calls that need someone: ringing, in progress, and missed ones whose call-back is not done. The rest fold away. */
const live = (c: HotlineCall) => c.state === 'ringing' || (c.state === 'answered' && !c.endedAt) || (c.callback !== null && !c.callback.doneAt);

/**
 * The hotline in the dispatcher's sidebar: ringing calls (and who is being rung), answered ones and by whom, missed
 * ones with their call-back task (take it, see the number, done). The operator who answered logs the sighting
 * from here, linked to the call.
 */
export function HotlineCallsPanel({ calls, me, now, onUpdated, onLog, onOpenIncident }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const [numbers, setNumbers] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const shown = calls.filter(live);
  if (shown.length === 0) return null;

  const act = (call: HotlineCall, run: () => Promise<HotlineCall>) => {
    setError(null);
    run().then(onUpdated, (e: unknown) => setError(describeError(e)));
  };
  const reveal = (call: HotlineCall) => {
    setError(null);
    api<{ number: string }>('GET', `/api/hotline/calls/${call.id}/caller`).then(
      ({ number }) => setNumbers((prev) => ({ ...prev, [call.id]: number })),
      (e: unknown) => setError(describeError(e)),
    );
  };

  return (
    <section className="hotline-calls pad-x" aria-label={t('hotline.calls')} data-testid="hotline-calls">
      <h2>{t('hotline.calls')}</h2>
      <ul className="plain">
        {shown.map((call) => {
          const language = call.language ? format.language(call.language) : t('hotline.choosingLanguage');
          const mine = call.answeredBy?.id === me;
          return (
            <li key={call.id} className={`hotline-call call-${call.state}`} data-testid="hotline-call" data-state={call.state}>
              <div className="call-head">
                <strong>{t(`hotline.state.${call.state}`)}</strong>
                <span className="muted small">
                  {' '}
                  · {language} · {format.time(call.startedAt)}
                  {call.state === 'ringing' && ` · ${t('hotline.ringingFor', { seconds: Math.max(0, Math.round((now - Date.parse(call.startedAt)) / 1000)) })}`}
                </span>
              </div>
              {call.state === 'ringing' && (
                <p className="small">{t(call.fallback ? 'hotline.ringingFallback' : 'hotline.ringingOperators', { count: call.rang })}</p>
              )}
              {call.answeredBy && (
                <p className="small" data-testid="answered-by">
                  {mine ? t('hotline.answeredByYou') : t('hotline.answeredBy', { name: call.answeredBy.username })}
                </p>
              )}
              {call.earlierCalls > 0 && <p className="muted small">{t('hotline.earlierCalls', { count: call.earlierCalls })}</p>}
              {call.voicemailSeconds !== null && <p className="small">{t('hotline.voicemail', { seconds: call.voicemailSeconds })}</p>}
              <div className="row wrap">
                {mine && !call.sightingId && (
                  <button type="button" className="primary" onClick={() => onLog(call)} data-testid="log-from-call">
                    {t('hotline.logSighting')}
                  </button>
                )}
                {call.incidentId && (
                  <button type="button" onClick={() => onOpenIncident(call.incidentId!)}>
                    {t('hotline.openIncident')}
                  </button>
                )}
                {call.callback && !call.callback.takenBy && (
                  <button type="button" onClick={() => act(call, () => api('PATCH', `/api/hotline/calls/${call.id}/callback`, { take: true }))}>
                    {t('hotline.takeCallback')}
                  </button>
                )}
                {call.callback?.takenBy && (
                  <span className="small">
                    {t('hotline.callbackBy', { name: call.callback.takenBy.id === me ? t('hotline.you') : call.callback.takenBy.username })}
                  </span>
                )}
                {call.callback?.takenBy?.id === me && call.canCallBack && !numbers[call.id] && (
                  <button type="button" onClick={() => reveal(call)}>
                    {t('hotline.showNumber')}
                  </button>
                )}
                {numbers[call.id] && (
                  <a href={`tel:${numbers[call.id]}`} dir="ltr">
                    <bdi>{numbers[call.id]}</bdi>
                  </a>
                )}
                {call.callback?.takenBy?.id === me && (
                  <button type="button" onClick={() => act(call, () => api('PATCH', `/api/hotline/calls/${call.id}/callback`, { done: true }))}>
                    {t('hotline.callbackDone')}
                  </button>
                )}
                {!call.banned && call.state !== 'ringing' && (
                  <button type="button" className="quiet" onClick={() => act(call, () => api('POST', `/api/hotline/calls/${call.id}/ban`))}>
                    {t('hotline.ban')}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
