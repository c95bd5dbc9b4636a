import { type AlertLanguage, type AlertTemplate, type AlertTemplateInput, type AlertType, alertLanguages, alertTypes } from '@centinela/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../shared/api/client';
import { useFormat } from '../../shared/i18n/format';
import { directionOf } from '../../shared/i18n/languages';
import { Header } from '../../shared/ui/Header';
import { usePageTitle } from '../../shared/ui/page-title';
import { SegmentMeter } from './components/SegmentMeter';
import './alerts.css';

type Draft = { title: string; body: string };

/** Templates per alert type and language, for coordinators. Placeholders {what} {where} {when} {todo} are filled from the incident. */
export function TemplatesPage() {
  const { t } = useTranslation();
  usePageTitle(t('communityAlerts.templatesTitle'));
  const f = useFormat();
  const [templates, setTemplates] = useState<AlertTemplate[]>([]);
  const [type, setType] = useState<AlertType>('incident');
  const [drafts, setDrafts] = useState<Partial<Record<AlertLanguage, Draft>>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const load = useCallback(() => {
    api<AlertTemplate[]>('GET', '/api/alerts/templates').then(setTemplates, (e: unknown) => setMessage({ kind: 'error', text: describeError(e) }));
  }, []);
  useEffect(load, [load]);
  useEffect(() => setDrafts({}), [type]);

  const find = (language: AlertLanguage) => templates.find((x) => x.type === type && x.language === language);
  const draftOf = (language: AlertLanguage): Draft => drafts[language] ?? { title: find(language)?.title ?? '', body: find(language)?.body ?? '' };
  const save = async (language: AlertLanguage) => {
    const draft = draftOf(language);
    const existing = find(language);
    try {
      if (existing) await api('PATCH', `/api/alerts/templates/${existing.id}`, draft);
      else await api('POST', '/api/alerts/templates', { type, language, ...draft } satisfies AlertTemplateInput);
      setDrafts(({ [language]: _saved, ...rest }) => rest);
      setMessage({ kind: 'ok', text: t('communityAlerts.templateSaved', { language: f.language(language) }) });
      load();
    } catch (e) {
      setMessage({ kind: 'error', text: describeError(e) });
    }
  };
  const remove = async (language: AlertLanguage) => {
    const existing = find(language);
    if (!existing) return;
    try {
      await api('DELETE', `/api/alerts/templates/${existing.id}`);
      load();
    } catch (e) {
      setMessage({ kind: 'error', text: describeError(e) });
    }
  };

  return (
    <div className="zones-page">
      <Header />
      <main id="main" className="roster-page alerts-page" data-testid="templates">
        <h1>{t('communityAlerts.templatesTitle')}</h1>
        <p className="small muted">{t('communityAlerts.templatesExplain')}</p>
        <label>
          {t('communityAlerts.type')}
          <select value={type} onChange={(e) => setType(e.target.value as AlertType)} data-testid="template-type">
            {alertTypes.map((k) => (
              <option key={k} value={k}>
                {t(`communityAlerts.types.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {message && (
          <p className={message.kind === 'ok' ? 'hint' : 'error'} role="status">
            {message.text}
          </p>
        )}
        <div className="variants">
          {alertLanguages.map((language) => {
            const draft = draftOf(language);
            const changed = Boolean(drafts[language]);
            const set = (change: Partial<Draft>) => setDrafts({ ...drafts, [language]: { ...draft, ...change } });
            return (
              <fieldset key={language} className="card variant" lang={language} data-testid={`template-${language}`}>
                <legend>
                  <strong>{f.language(language)}</strong> {!find(language) && <span className="small muted">· {t('communityAlerts.templateMissing')}</span>}
                </legend>
                <label>
                  {t('communityAlerts.variantTitle')}
                  <input value={draft.title} maxLength={80} dir={directionOf(language)} onChange={(e) => set({ title: e.target.value })} />
                </label>
                <label>
                  {t('communityAlerts.variantText')}
                  <textarea value={draft.body} rows={5} maxLength={1600} dir={directionOf(language)} onChange={(e) => set({ body: e.target.value })} />
                </label>
                <SegmentMeter text={draft.body} language={language} />
                <div className="row">
                  <button
                    type="button"
                    className="primary"
                    disabled={!changed || !draft.title.trim() || !draft.body.trim()}
                    onClick={() => void save(language)}
                  >
                    {t('communityAlerts.saveTemplate')}
                  </button>
                  {find(language) && (
                    <button type="button" className="link" onClick={() => void remove(language)}>
                      {t('communityAlerts.deleteTemplate')}
                    </button>
                  )}
                </div>
              </fieldset>
            );
          })}
        </div>
      </main>
    </div>
  );
}
