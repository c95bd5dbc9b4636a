import type { AlertRetractionRequest, AlertVariant, AlertView } from '@centinela/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, describeError } from '../../../shared/api/client';
import { useIdempotencyKeys } from '../../../shared/api/idempotency';
import { VariantEditor } from './VariantEditor';

/** Retract or correct in one action: new texts per language, to exactly who received the original, on the same channels. */
export function RetractionForm({ view }: { view: AlertView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const keys = useIdempotencyKeys();
  const [kind, setKind] = useState<AlertRetractionRequest['kind']>('correction');
  const [variants, setVariants] = useState<AlertVariant[]>(() => view.alert.variants.map((v) => ({ ...v })));
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    const body: AlertRetractionRequest = { kind, variants };
    try {
      const created = await api<AlertView>('POST', `/api/alerts/${view.alert.id}/retraction`, body, { 'idempotency-key': keys.keyFor(body) });
      keys.reset();
      void navigate(`/alerts/manage/${created.alert.id}`);
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <section className="retraction" data-testid="retraction">
      <h2>{t('communityAlerts.retractTitle')}</h2>
      <p className="small muted">{t('communityAlerts.retractExplain')}</p>
      <div className="row wrap">
        {(['correction', 'retraction'] as const).map((k) => (
          <label key={k} className="inline">
            <input type="radio" name="retraction-kind" checked={kind === k} onChange={() => setKind(k)} data-testid={`retraction-${k}`} />{' '}
            {t(`communityAlerts.retractionKinds.${k}`)}
          </label>
        ))}
      </div>
      <VariantEditor variants={variants} languages={view.alert.variants.map((v) => v.language)} onChange={setVariants} drill={view.alert.drill} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="primary" onClick={() => void submit()} data-testid="retraction-submit">
        {t('communityAlerts.retractSubmit')}
      </button>
    </section>
  );
}
