import { type MediaItem, type Verdict as VerdictKind, verdicts } from '@centinela/contracts';
import { type SubmitEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../shared/api/client';
import { uploadPhoto } from '../../shared/api/files';
import { FileField } from '../../shared/ui/FileField';

/** On scene: say what it is (confirm, another agency, false alarm, can't tell) and add a photo if safe. */
export function VerdictPanel({ pingId }: { pingId: string }) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<VerdictKind | null>(null);
  const [agency, setAgency] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!choice) return;
    try {
      await api('POST', `/api/pings/${pingId}/verdict`, {
        verdict: choice,
        ...(note ? { note } : {}),
        ...(choice === 'other_agency' ? { otherAgency: agency } : {}),
      });
      setDone(t(`verdict.sent.${choice}`));
      setChoice(null);
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <div className="verdict" data-testid="verdict">
      <p className="small">
        <strong>{t('verdict.ask')}</strong>
      </p>
      <div className="row wrap">
        {verdicts.map((v) => (
          <button key={v} type="button" className={`chip${choice === v ? ' on' : ''}`} onClick={() => setChoice(v)}>
            {t(`verdict.${v}`)}
          </button>
        ))}
      </div>
      {choice && (
        <form onSubmit={(e) => void send(e)} className="panel-form tight">
          {choice === 'other_agency' && (
            <input value={agency} onChange={(e) => setAgency(e.target.value)} placeholder={t('incident.whichAgency')} required maxLength={100} />
          )}
          <input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('verdict.notePlaceholder')} maxLength={1000} />
          <button type="submit" className="primary">
            {t('verdict.send')}
          </button>
        </form>
      )}
      <FileField
        className="small"
        label={t('verdict.photo')}
        accept="image/*"
        capture="environment"
        onFile={(file) => {
          void uploadPhoto<MediaItem>(`/api/pings/${pingId}/media`, file).then(
            () => setDone(t('verdict.photoSent')),
            (err: unknown) => setError(describeError(err)),
          );
        }}
      />
      <p className="small muted">{t('verdict.safety')}</p>
      {done && <p className="ok">{done}</p>}
      {error && <p className="error">{error}</p>}
    </div>
  );
}
