import type { OperatorSettings, OperatorSettingsUpdate } from '@centinela/contracts';
import { type SubmitEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../shared/api/client';
import { useSession } from '../../shared/api/session';
import { useFormat } from '../../shared/i18n/format';
import { languages } from '../../shared/i18n/languages';
import { Header } from '../../shared/ui/Header';
import { usePageTitle } from '../../shared/ui/page-title';

/** My call settings (any operator); coordinators also see and set everyone's languages and fallback group. */
export function CallSettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('hotline.settingsTitle'));
  const format = useFormat();
  const session = useSession();
  const [mine, setMine] = useState<OperatorSettings | null>(null);
  const [all, setAll] = useState<OperatorSettings[]>([]);
  const coordinator = session?.user.role === 'coordinator';
  const load = useCallback(async () => {
    setMine(await api<OperatorSettings>('GET', '/api/hotline/operators/me'));
    if (coordinator) setAll(await api<OperatorSettings[]>('GET', '/api/hotline/operators'));
  }, [coordinator]);
  useEffect(() => void load().catch(() => undefined), [load]);

  return (
    <div className="zones-page">
      <Header />
      <main id="main" className="roster-page" data-testid="call-settings">
        <h1>{t('hotline.settingsTitle')}</h1>
        <p className="muted">{t('hotline.settingsHint')}</p>
        {mine && <OperatorForm settings={mine} path="/api/hotline/operators/me" onSaved={() => void load()} />}
        {coordinator && all.length > 0 && (
          <section>
            <h2>{t('hotline.operators')}</h2>
            <table className="roster">
              <thead>
                <tr>
                  <th>{t('hotline.operator')}</th>
                  <th>{t('hotline.phone')}</th>
                  <th>{t('hotline.languages')}</th>
                  <th>{t('hotline.fallback')}</th>
                </tr>
              </thead>
              <tbody>
                {all.map((o) => (
                  <tr key={o.userId}>
                    <td>{o.username}</td>
                    <td dir="ltr">{o.phoneHint ?? '—'}</td>
                    <td>{o.languages.length ? format.list(o.languages.map(format.language)) : '—'}</td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('hotline.fallbackFor', { name: o.username })}
                        checked={o.fallback}
                        onChange={(e) => void api('PUT', `/api/hotline/operators/${o.userId}`, { fallback: e.target.checked }).then(load)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </main>
    </div>
  );
}

function OperatorForm({ settings, path, onSaved }: { settings: OperatorSettings; path: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [spoken, setSpoken] = useState<string[]>(settings.languages);
  const [fallback, setFallback] = useState(settings.fallback);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const body: OperatorSettingsUpdate = { languages: spoken, fallback };
    if (phone.trim()) body.phone = phone.trim();
    if (email.trim()) body.email = email.trim();
    try {
      await api('PUT', path, body);
      setPhone('');
      setEmail('');
      setMessage({ ok: true, text: t('hotline.saved') });
      onSaved();
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) });
    }
  };
  const remove = async (what: 'phone' | 'email') => {
    await api('PUT', path, { [what]: null });
    onSaved();
  };

  return (
    <form className="panel-form" onSubmit={(e) => void save(e)} data-testid="operator-form">
      <label>
        {t('hotline.phone')}
        <input name="phone" type="tel" dir="ltr" autoComplete="tel" value={phone} onChange={(e) => setPhone(e.target.value)} placeholder="+1 312 555 0123" />
      </label>
      {settings.phoneHint && (
        <p className="muted small" data-testid="phone-hint">
          {t('hotline.phoneKept', { hint: '\u2066' + settings.phoneHint + '\u2069' })}{' '}
          <button type="button" className="link small" onClick={() => void remove('phone')}>
            {t('hotline.removePhone')}
          </button>
        </p>
      )}
      <label>
        {t('hotline.email')}
        <input
          name="email"
          type="email"
          dir="ltr"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          placeholder="name@example.org"
        />
      </label>
      {settings.emailHint && <p className="muted small">{t('hotline.phoneKept', { hint: '\u2066' + settings.emailHint + '\u2069' })}</p>}
      <fieldset>
        <legend>{t('hotline.languages')}</legend>
        <div className="row wrap">
          {languages.map((l) => (
            <label key={l.code} className="switch">
              <input
                type="checkbox"
                checked={spoken.includes(l.code)}
                onChange={(e) => setSpoken((prev) => (e.target.checked ? [...prev, l.code] : prev.filter((c) => c !== l.code)))}
              />
              <span lang={l.code}>{format.language(l.code)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label className="switch">
        <input type="checkbox" checked={fallback} onChange={(e) => setFallback(e.target.checked)} />
        {t('hotline.fallbackMe')}
      </label>
      {message && (
        <p className={message.ok ? 'muted' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <button type="submit" className="primary">
        {t('hotline.save')}
      </button>
    </form>
  );
}
