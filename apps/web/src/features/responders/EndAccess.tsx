import type { AccountAccess } from '@centinela/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client';
import { issuesOf } from './ResponderEditor';

/** Whose account: a responder profile's id or a user id (the API takes either), and the name shown for them. */
export type AccountRef = { id: string; name: string };

type Step = { kind: 'idle' } | { kind: 'confirm' } | { kind: 'ended'; access: AccountAccess } | { kind: 'restored' };

/**
 * A coordinator ends a person's access when their phone is lost or seized, or they left: every device of theirs
 * is signed out at once and they cannot sign in until a coordinator restores it. Asks for confirmation first.
 */
export function EndAccess({ account }: { account: AccountRef }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const call = async (action: 'revoke' | 'enable') => {
    setBusy(true);
    setError(null);
    try {
      const access = await api<AccountAccess>('POST', `/api/users/${account.id}/${action}`);
      setStep(action === 'revoke' ? { kind: 'ended', access } : { kind: 'restored' });
    } catch (e) {
      setError(issuesOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="end-access">
      {step.kind === 'idle' && (
        <button type="button" className="danger" onClick={() => setStep({ kind: 'confirm' })} data-testid="end-access-open">
          {t('responders.endAccess.action')}
        </button>
      )}
      {step.kind === 'confirm' && (
        <div role="alertdialog" aria-labelledby="end-access-question">
          <p id="end-access-question">{t('responders.endAccess.confirm', { alias: account.name })}</p>
          <div className="row">
            <button type="button" className="danger" disabled={busy} onClick={() => void call('revoke')} data-testid="end-access-confirm">
              {t('responders.endAccess.yes')}
            </button>
            <button type="button" disabled={busy} onClick={() => setStep({ kind: 'idle' })}>
              {t('responders.endAccess.cancel')}
            </button>
          </div>
        </div>
      )}
      {step.kind === 'ended' && (
        <div role="status">
          <p data-testid="end-access-done">{t('responders.endAccess.done', { alias: account.name, devices: step.access.sessionsEnded })}</p>
          <button type="button" disabled={busy} onClick={() => void call('enable')} data-testid="end-access-restore">
            {t('responders.endAccess.restore')}
          </button>
        </div>
      )}
      {step.kind === 'restored' && <p role="status">{t('responders.endAccess.restored', { alias: account.name })}</p>}
      {error && <p className="error">{error}</p>}
    </section>
  );
}
