import type { AccountAccess } from '@centinela/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../shared/api/client';
import { ConfirmDanger } from '../../shared/ui/ConfirmDanger';

/** Whose account: a responder profile's id or a user id (the API takes either), and the name shown for them. */
export type AccountRef = { id: string; name: string };

/**
 * A coordinator ends a person's access when their phone is lost or seized, or they left: every device of theirs
 * is signed out at once and they cannot sign in until a coordinator restores it. Asks for confirmation first. `ended`
 * is the account's state as the page knows it (so a reload, or another coordinator's change, shows it too);
 * `onChange` tells the page what this did.
 */
export function EndAccess({ account, ended, onChange }: { account: AccountRef; ended: boolean; onChange?: (ended: boolean) => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [devices, setDevices] = useState<number | null>(null);
  const [restored, setRestored] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const call = async (action: 'revoke' | 'enable') => {
    setBusy(true);
    setError(null);
    try {
      const access = await api<AccountAccess>('POST', `/api/users/${account.id}/${action}`);
      setConfirming(false);
      setDevices(action === 'revoke' ? access.sessionsEnded : null);
      setRestored(action === 'enable');
      onChange?.(action === 'revoke');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="end-access">
      {ended ? (
        <div role="status">
          <p data-testid="end-access-done">
            {devices !== null ? t('responders.endAccess.done', { alias: account.name, devices }) : `${account.name}: ${t('responders.staff.ended')}`}
          </p>
          <button type="button" disabled={busy} onClick={() => void call('enable')} data-testid="end-access-restore">
            {t('responders.endAccess.restore')}
          </button>
        </div>
      ) : confirming ? (
        <ConfirmDanger
          question={t('responders.endAccess.confirm', { alias: account.name })}
          yes={t('responders.endAccess.yes')}
          no={t('responders.endAccess.cancel')}
          busy={busy}
          onYes={() => void call('revoke')}
          onNo={() => setConfirming(false)}
          yesTestId="end-access-confirm"
        />
      ) : (
        <>
          {restored && <p role="status">{t('responders.endAccess.restored', { alias: account.name })}</p>}
          <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="end-access-open">
            {t('responders.endAccess.action')}
          </button>
        </>
      )}
      {error && <p className="error">{error}</p>}
    </section>
  );
}
