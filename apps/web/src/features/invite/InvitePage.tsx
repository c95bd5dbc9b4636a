import type { InvitePreview } from '@centinela/contracts';
import { type SubmitEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';
import { api, ApiError, describeError, describeIssue } from '../../shared/api/client';
import { login, useSession } from '../../shared/api/session';
import { LanguageSwitch } from '../../shared/ui/LanguageSwitch';
import { usePageTitle } from '../../shared/ui/page-title';

/** A responder opens their invite link, picks a username and password, and is signed in. */
export function InvitePage() {
  const { t } = useTranslation();
  usePageTitle(t('invite.join'));
  const { token = '' } = useParams();
  const session = useSession();
  const [preview, setPreview] = useState<InvitePreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  useEffect(() => {
    api<InvitePreview>('GET', `/api/invites/${encodeURIComponent(token)}`).then(setPreview, (e: unknown) =>
      setProblem(e instanceof ApiError && e.status === 410 ? describeError(e) : t('invite.invalid')),
    );
  }, [token, t]);

  if (session?.user.role === 'responder') return <Navigate to="/respond" replace />;
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (password !== confirm) {
      setErrors([t('invite.mismatch')]);
      return;
    }
    setErrors([]);
    try {
      await api('POST', `/api/invites/${encodeURIComponent(token)}/accept`, { username, password });
      await login(username, password);
    } catch (e) {
      setErrors(
        e instanceof ApiError && !e.reason && e.issues?.length
          ? e.issues.map((i) => describeIssue(i, t(`invite.field.${i.path}`, i.path)))
          : [describeError(e)],
      );
    }
  };
  return (
    <main id="main" className="centered-page">
      <form className="card login" onSubmit={(e) => void submit(e)} data-testid="invite-accept">
        <div className="row between">
          <h1>Centinela</h1>
          <LanguageSwitch />
        </div>
        {problem && <p className="error">{problem}</p>}
        {preview && (
          <>
            <p>{t('invite.welcome', { alias: preview.alias })}</p>
            <p className="small muted">{t('invite.privacy')}</p>
            <label>
              {t('auth.username')}
              <input name="username" autoComplete="username" autoCapitalize="none" value={username} onChange={(e) => setUsername(e.target.value)} required />
            </label>
            <label>
              {t('auth.password')}
              <input
                name="password"
                type="password"
                autoComplete="new-password"
                minLength={10}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
            </label>
            <label>
              {t('invite.confirm')}
              <input name="confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required />
            </label>
            {errors.map((e) => (
              <p key={e} className="error" role="alert">
                {e}
              </p>
            ))}
            <button type="submit" className="primary">
              {t('invite.join')}
            </button>
          </>
        )}
      </form>
    </main>
  );
}
