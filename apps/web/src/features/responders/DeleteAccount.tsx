import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../shared/api/client';
import { ConfirmDanger } from '../../shared/ui/ConfirmDanger';
import type { AccountRef } from './EndAccess';

/**
 * A coordinator deletes the account of someone who left the network or asked to be forgotten: they are signed out
 * everywhere and their profile, zones, shifts, contacts and push subscriptions are deleted at once. Cannot be undone,
 * so it asks first and says what stays (the incident record, under a blank name).
 */
export function DeleteAccount({ account, onDeleted }: { account: AccountRef; onDeleted: (account: AccountRef) => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('DELETE', `/api/users/${account.id}`);
      onDeleted(account);
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="delete-account">
      {!confirming ? (
        <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="delete-account-open">
          {t('responders.deleteAccount.action')}
        </button>
      ) : (
        <ConfirmDanger
          question={t('responders.deleteAccount.confirm', { name: account.name })}
          yes={t('responders.deleteAccount.yes')}
          no={t('responders.endAccess.cancel')}
          busy={busy}
          onYes={() => void remove()}
          onNo={() => setConfirming(false)}
          yesTestId="delete-account-confirm"
        />
      )}
      {error && <p className="error">{error}</p>}
    </section>
  );
}
