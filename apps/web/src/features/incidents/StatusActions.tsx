import type { IncidentStatus, IncidentView } from '@centinela/contracts';
import { type SubmitEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client';

/** The statuses a dispatcher may choose next (the server checks the same). */
export const NEXT_STATUS: Record<IncidentStatus, IncidentStatus[]> = {
  reported: ['verifying', 'confirmed', 'other_agency', 'false_alarm', 'unverifiable'],
  verifying: ['confirmed', 'other_agency', 'false_alarm', 'unverifiable'],
  confirmed: ['other_agency', 'false_alarm', 'unverifiable', 'resolved'],
  other_agency: ['confirmed', 'false_alarm', 'unverifiable', 'resolved'],
  false_alarm: ['reported', 'verifying', 'confirmed', 'other_agency', 'unverifiable'],
  unverifiable: ['verifying', 'confirmed', 'other_agency', 'false_alarm'],
  resolved: [],
};

type Props = {
  view: IncidentView;
  /** A status chosen by keyboard shortcut: opens the reason box for it. */
  pending: IncidentStatus | null;
  onPendingDone: () => void;
  run: (work: () => Promise<IncidentView>) => Promise<boolean>;
};

/** Whether a verifier answered "on scene" on one of the incident's dispatches: only then is "confirmed by a verifier on scene" true. */
const verifierOnScene = (view: IncidentView) =>
  view.dispatches.some((d) => d.pings.some((p) => p.capability === 'verifier' && (p.status === 'on_scene' || p.status === 'done')));

/** Changing an incident's status, always with a reason (who and why go on the record). */
export function StatusActions({ view, pending, onPendingDone, run }: Props) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<IncidentStatus | null>(null);
  const [reason, setReason] = useState('');
  const [agency, setAgency] = useState('');
  const reasonRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (pending && NEXT_STATUS[view.incident.status].includes(pending)) {
      setChoice(pending);
      setReason(verifierOnScene(view) && pending === 'confirmed' ? t('incident.defaultReason.confirmed') : '');
    }
    if (pending) onPendingDone();
    // Only a new shortcut request opens the form: re-running on every incident update would undo what the dispatcher typed.
  }, [pending]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (choice) reasonRef.current?.focus();
  }, [choice]);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!choice) return;
    const body = { status: choice, reason, version: view.incident.version, ...(choice === 'other_agency' ? { otherAgency: agency } : {}) };
    if (await run(() => api<IncidentView>('POST', `/api/incidents/${view.incident.id}/status`, body))) {
      setChoice(null);
      setReason('');
    }
  };

  return (
    <div className="status-actions" data-testid="status-actions">
      <div className="row wrap">
        {NEXT_STATUS[view.incident.status].map((s) => (
          <button
            key={s}
            type="button"
            className={`chip status-${s}${choice === s ? ' on' : ''}`}
            onClick={() => setChoice(choice === s ? null : s)}
            data-testid={`status-${s}`}
          >
            {t(`incident.set.${s}`)}
          </button>
        ))}
      </div>
      {choice && (
        <form className="reason" onSubmit={(e) => void submit(e)} data-testid="status-form">
          {choice === 'other_agency' && (
            <label>
              {t('incident.whichAgency')}
              <input name="otherAgency" value={agency} onChange={(e) => setAgency(e.target.value)} maxLength={100} required />
            </label>
          )}
          <label>
            {t('incident.why')}
            <input ref={reasonRef} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} required />
          </label>
          <div className="row">
            <button type="submit" className="primary">
              {t('incident.setTo', { status: t(`status.${choice}`) })}
            </button>
            <button type="button" onClick={() => setChoice(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
