import type { PublicAlert } from '@centinela/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../shared/api/client';
import { useFormat } from '../../shared/i18n/format';
import { directionOf, languageFor } from '../../shared/i18n/languages';
import { usePageTitle } from '../../shared/ui/page-title';
import { PublicHeader } from '../../shared/ui/PublicHeader';
import './alerts.css';

type State = { kind: 'loading' } | { kind: 'found'; alert: PublicAlert } | { kind: 'missing' } | { kind: 'error' };

/**
 * The public page of an alert that went out (`/alerts/:id`, where push notifications and the feeds link): no account,
 * nothing from another host. Shown in the visitor's language when the alert has it, else its first language, with
 * a switch between the languages it was sent in; a correction or retraction of it is said first. Text is React's,
 * escaped.
 */
export function PublicAlertPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [chosen, setChosen] = useState<string | null>(null);

  useEffect(() => {
    setState({ kind: 'loading' });
    setChosen(null);
    api<PublicAlert>('GET', `/api/alerts/feeds/json/${encodeURIComponent(id)}`).then(
      (alert) => setState({ kind: 'found', alert }),
      (e: unknown) => setState(e instanceof ApiError && (e.status === 404 || e.status === 400) ? { kind: 'missing' } : { kind: 'error' }),
    );
  }, [id]);

  const alert = state.kind === 'found' ? state.alert : null;
  const visitor = languageFor(i18n.resolvedLanguage);
  const variant = alert && (alert.variants.find((v) => v.language === chosen) ?? alert.variants.find((v) => v.language === visitor) ?? alert.variants[0]);
  usePageTitle(variant?.title ?? t('communityAlerts.title'));

  return (
    <main id="main" className="report-page public-alert-page" data-testid="public-alert-page">
      <PublicHeader />
      <div className="report-form">
        {state.kind === 'loading' && <p aria-busy="true">{t('publicAlert.loading')}</p>}
        {state.kind === 'missing' && (
          <p className="notice" data-testid="public-alert-missing">
            {t('publicAlert.notFound')}
          </p>
        )}
        {state.kind === 'error' && (
          <p className="error" role="alert">
            {t('common.networkError')}
          </p>
        )}
        {alert && variant && (
          <article data-testid="public-alert" data-language={variant.language}>
            {alert.correctedBy && (
              <p className="alert-corrected" role="alert" data-testid="public-alert-corrected" data-kind={alert.correctedBy.kind}>
                <strong>{t(alert.correctedBy.kind === 'retraction' ? 'publicAlert.retracted' : 'publicAlert.corrected')}</strong>{' '}
                <Link to={`/alerts/${alert.correctedBy.id}`}>
                  {t(alert.correctedBy.kind === 'retraction' ? 'publicAlert.readRetraction' : 'publicAlert.readCorrection')}
                </Link>
              </p>
            )}
            {alert.correctionOf && (
              <p className="notice" data-testid="public-alert-corrects">
                {t(alert.correctionOf.kind === 'retraction' ? 'publicAlert.isRetraction' : 'publicAlert.isCorrection')}{' '}
                <Link to={`/alerts/${alert.correctionOf.id}`}>{t('publicAlert.seeEarlier')}</Link>
              </p>
            )}
            <p className="small muted">
              {t(`communityAlerts.types.${alert.type}`)} · {t('publicAlert.sent', { time: f.dateTime(alert.sentAt) })}
            </p>
            {alert.variants.length > 1 && (
              <nav className="row wrap" aria-label={t('publicAlert.languages')} data-testid="public-alert-languages">
                {alert.variants.map((v) => (
                  <button
                    key={v.language}
                    type="button"
                    className={v.language === variant.language ? 'chip primary' : 'chip'}
                    aria-pressed={v.language === variant.language}
                    lang={v.language}
                    onClick={() => setChosen(v.language)}
                    data-testid={`public-alert-language-${v.language}`}
                  >
                    {f.language(v.language)}
                  </button>
                ))}
              </nav>
            )}
            <div lang={variant.language} dir={directionOf(variant.language)}>
              <h1 data-testid="public-alert-title">{variant.title}</h1>
              <p className="public-alert-text" data-testid="public-alert-text">
                {variant.text}
              </p>
            </div>
            {alert.imageId && <img className="public-alert-image" src={`/api/alerts/feeds/images/${alert.imageId}`} alt={t('publicAlert.image')} />}
            <p className="small">
              {alert.areas.length > 0 ? t('publicAlert.areas', { areas: f.list(alert.areas, 'conjunction') }) : t('publicAlert.allAreas')}
            </p>
          </article>
        )}
        <p>
          <Link className="button primary" to="/alerts" data-testid="public-alert-subscribe">
            {t('publicAlert.subscribe')}
          </Link>
        </p>
      </div>
    </main>
  );
}
