import { capabilities, type Capability, type Dispatch, type Need } from '@centinela/contracts';
import { type SubmitEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../shared/api/client';

const minutesUntil = (iso: string, now: number) => Math.max(0, Math.round((Date.parse(iso) - now) / 60_000));

/**
 * One dispatch: what was asked, the wave, and everyone pinged with their answer and ETA; add or cancel. Once the
 * incident has a verdict (`verified`), its verifiers are no longer asked for, and the need says so.
 */
export function DispatchPanel({
  dispatch,
  verified,
  now,
  onChanged,
}: {
  dispatch: Dispatch;
  verified: boolean;
  now: number;
  onChanged: (d: Dispatch) => void;
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const going = (capability: Capability) =>
    dispatch.pings.filter((p) => p.capability === capability && ['accepted', 'en_route', 'on_scene', 'done'].includes(p.status)).length;
  // Filled because the incident got its verdict, not because everyone asked for is going.
  const settledByVerdict = verified && dispatch.status === 'filled' && dispatch.needs.some((n) => going(n.capability) < n.count);
  const nextWaveIn = dispatch.nextWaveAt ? Math.max(0, Math.ceil((Date.parse(dispatch.nextWaveAt) - now) / 1000)) : null;

  const cancel = async () => {
    if (!window.confirm(t('dispatch.confirmCancel'))) return;
    try {
      onChanged(await api<Dispatch>('POST', `/api/dispatches/${dispatch.id}/cancel`));
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <section className={`dispatch ${dispatch.status}`} data-testid={`dispatch-${dispatch.id}`} data-status={dispatch.status} data-wave={dispatch.wave}>
      <div className="row between">
        <strong>
          {dispatch.needs
            .map((n) =>
              t(verified && n.capability === 'verifier' ? 'dispatch.needSettled' : 'dispatch.needGoing', {
                going: going(n.capability),
                count: n.count,
                capability: t(`capability.${n.capability}`),
              }),
            )
            .join(' · ')}
        </strong>
        <span className={`badge dispatch-status ${dispatch.status}`}>
          {t(settledByVerdict ? 'dispatchStatus.settled' : `dispatchStatus.${dispatch.status}`)}
        </span>
      </div>
      <p className="small muted" data-testid="dispatch-wave">
        {t('dispatch.wave', { wave: dispatch.wave })}
        {nextWaveIn !== null && <> · {t('dispatch.nextWaveIn', { seconds: nextWaveIn })}</>}
        {dispatch.note && <> · “{dispatch.note}”</>}
      </p>
      <ul className="roster" data-testid="ping-roster">
        {dispatch.pings.map((p) => (
          <li key={p.id} data-testid={`roster-${p.responderId}`} data-status={p.status}>
            <span>
              {p.alias} <span className="muted small">{t(`capability.${p.capability}`)}</span>
            </span>
            <span className="roster-right">
              <span className="muted small" data-testid="roster-eta">
                {p.arrivalAt && ['accepted', 'en_route'].includes(p.status)
                  ? t('dispatch.arrivesIn', { minutes: minutesUntil(p.arrivalAt, now) })
                  : p.etaSeconds !== null && p.status === 'pending'
                    ? t('dispatch.etaAbout', { minutes: Math.max(1, Math.round(p.etaSeconds / 60)) })
                    : ''}
              </span>
              <span className={`ping-status ${p.status}`}>{t(`pingStatus.${p.status}`)}</span>
            </span>
          </li>
        ))}
      </ul>
      {dispatch.pings.length === 0 && <p className="muted small">{t('dispatch.nobodyPinged')}</p>}
      {dispatch.status !== 'cancelled' && (
        <div className="row">
          <button type="button" onClick={() => setAdding((v) => !v)}>
            {t('dispatch.add')}
          </button>
          <button type="button" className="danger" onClick={() => void cancel()}>
            {t('dispatch.cancel')}
          </button>
        </div>
      )}
      {adding && (
        <NeedsForm
          initial={dispatch.needs}
          submitLabel={t('dispatch.saveAdd')}
          onSubmit={async (needs) => {
            onChanged(await api<Dispatch>('PATCH', `/api/dispatches/${dispatch.id}`, { needs }));
            setAdding(false);
          }}
        />
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** Capabilities and counts: "2 verifiers, 1 legal observer". Counts can only grow from `initial`. */
export function NeedsForm({
  initial,
  submitLabel,
  onSubmit,
  withNote,
}: {
  initial: Need[];
  submitLabel: string;
  onSubmit: (needs: Need[], note?: string) => Promise<void>;
  withNote?: boolean;
}) {
  const { t } = useTranslation();
  const [counts, setCounts] = useState<Record<Capability, number>>(
    Object.fromEntries(capabilities.map((c) => [c, initial.find((n) => n.capability === c)?.count ?? 0])) as Record<Capability, number>,
  );
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(null);
    const needs = capabilities.filter((c) => counts[c] > 0).map((c) => ({ capability: c, count: counts[c] }));
    try {
      await onSubmit(needs, note || undefined);
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <form className="needs-form" onSubmit={(e) => void submit(e)} data-testid="needs-form">
      {capabilities.map((c) => {
        const min = initial.find((n) => n.capability === c)?.count ?? 0;
        return (
          <label key={c} className="need">
            <span>{t(`capability.${c}`)}</span>
            <input
              type="number"
              name={c}
              min={min}
              max={20}
              value={counts[c]}
              onChange={(e) => setCounts({ ...counts, [c]: Math.max(min, Number(e.target.value) || 0) })}
            />
          </label>
        );
      })}
      {withNote && (
        <label>
          {t('dispatch.note')}
          <input name="note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} placeholder={t('dispatch.notePlaceholder')} />
        </label>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary">
        {submitLabel}
      </button>
    </form>
  );
}
