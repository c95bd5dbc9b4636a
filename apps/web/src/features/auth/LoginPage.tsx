import { type SubmitEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { homeOf } from '../../app/home';
import { ApiError } from '../../shared/api/client';
import { login, useSession } from '../../shared/api/session';
import { LanguageSwitch } from '../../shared/ui/LanguageSwitch';
import { usePageTitle } from '../../shared/ui/page-title';

export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.signIn'));
  const session = useSession();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (session) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from ?? homeOf(session.user.role)} replace />;
  }

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 401 ? t('auth.wrong') : e instanceof ApiError && e.status === 429 ? t('auth.blocked') : t('common.networkError'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="centered-page">
      <form className="card login" onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <div className="row between">
          <h1 id="login-title">Centinela</h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t('auth.tagline')}</p>
        <label>
          {t('auth.username')}
          <input name="username" autoComplete="username" autoCapitalize="none" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          {t('auth.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('auth.signIn')}
        </button>
        <p className="muted small">
          <Link to="/report">{t('auth.reportLink')}</Link>
        </p>
      </form>
    </main>
  );
}
