import {
  type AlertAudienceInput,
  type AlertChannel,
  type AlertDraftInput,
  type AlertEstimate,
  type AlertImage,
  type AlertLanguage,
  type AlertType,
  type AlertVariant,
  type AlertView,
  alertChannels,
  alertTypes,
  type IncidentView,
} from '@centinela/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, describeError } from '../../shared/api/client';
import { useIdempotencyKeys } from '../../shared/api/idempotency';
import { Header } from '../../shared/ui/Header';
import { usePageTitle } from '../../shared/ui/page-title';
import { AlertImagePicker } from './components/AlertImagePicker';
import { AudiencePicker } from './components/AudiencePicker';
import { EstimateTable } from './components/EstimateTable';
import { VariantEditor } from './components/VariantEditor';
import { useAlertSettings } from './hooks/useAlertSettings';
import './alerts.css';

const composable = alertTypes.filter((type) => type !== 'correction');

/**
 * The composer: from a confirmed incident (prefilled from the templates with what, where — coarsened — and when) or
 * from scratch; the audience; one variant per language side by side with live SMS segment counts; recipients and
 * cost as the server counts them; then a request for a second person's approval.
 */
export function ComposerPage() {
  const { t } = useTranslation();
  usePageTitle(t('communityAlerts.composeTitle'));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const incidentId = params.get('incident');
  const { settings, zones, error: loadError } = useAlertSettings();
  const [incident, setIncident] = useState<IncidentView | null>(null);
  const [type, setType] = useState<AlertType>(incidentId ? 'incident' : 'know_your_rights');
  const [audience, setAudience] = useState<AlertAudienceInput>({ kind: 'everyone' });
  const [channels, setChannels] = useState<AlertChannel[]>([]);
  const [variants, setVariants] = useState<AlertVariant[]>([]);
  const [image, setImage] = useState<AlertImage | null>(null);
  const [estimate, setEstimate] = useState<AlertEstimate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The draft a refused request saved: the next attempt edits and asks it again instead of saving another. */
  const [saved, setSaved] = useState<{ id: string; version: number } | null>(null);
  const keys = useIdempotencyKeys();
  const drill = incident?.incident.drill ?? false;

  useEffect(() => {
    if (incidentId) api<IncidentView>('GET', `/api/incidents/${incidentId}`).then(setIncident, (e: unknown) => setError(describeError(e)));
  }, [incidentId]);

  // A new type (or the incident) starts again from the templates.
  useEffect(() => {
    if (!settings || (incidentId && !incident)) return;
    api<AlertDraftInput>('POST', '/api/alerts/prefill', { type, ...(incidentId ? { incidentId } : {}) }).then(
      (draft) => {
        setVariants(draft.variants);
        setAudience(incident?.incident.drill ? { kind: 'drill' } : draft.audience);
        setChannels(draft.channels.filter((c) => settings.enabledChannels.includes(c)));
      },
      (e: unknown) => setError(describeError(e)),
    );
  }, [settings, type, incidentId, incident]);

  // A language added later starts from the same templates (and incident) as the first ones; empty if that fails.
  const addLanguage = (language: AlertLanguage) => {
    const add = (variant: AlertVariant) => setVariants((current) => (current.some((v) => v.language === language) ? current : [...current, variant]));
    const blank = { language, title: '', text: '' };
    api<AlertDraftInput>('POST', '/api/alerts/prefill', { type, languages: [language], ...(incidentId ? { incidentId } : {}) }).then(
      (draft) => add(draft.variants.find((v) => v.language === language) ?? blank),
      (e: unknown) => {
        add(blank);
        setError(describeError(e));
      },
    );
  };

  // Recipients and cost follow every keystroke, a moment later.
  useEffect(() => {
    setSubmitError(null);
    if (variants.length === 0 || channels.length === 0 || variants.some((v) => !v.title.trim() || !v.text.trim())) {
      setEstimate(null);
      return;
    }
    const timer = setTimeout(() => {
      api<AlertEstimate>('POST', '/api/alerts/estimate', { audience, channels, variants, imageId: image?.id ?? null }).then(
        (e) => {
          setEstimate(e);
          setError(null);
        },
        (e: unknown) => setError(describeError(e)),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [audience, channels, variants, image]);

  const needsApproval = settings?.approvalTypes.includes(type) ?? true;
  // The server refuses to ask approval for an alert nobody would receive (a correction aside, which this page never writes).
  const nobody = needsApproval && estimate?.totalRecipients === 0;
  const submit = async () => {
    setBusy(true);
    setSubmitError(null);
    let step: 'save' | 'ask' = 'save';
    try {
      const body: AlertDraftInput = { type, incidentId: incidentId ?? null, audience, channels, variants, postToChannel: !drill, imageId: image?.id ?? null };
      const draft = saved
        ? await api<AlertView>('PATCH', `/api/alerts/${saved.id}`, { ...body, version: saved.version })
        : await api<AlertView>('POST', '/api/alerts', body, { 'idempotency-key': keys.keyFor(body) });
      keys.reset();
      setSaved({ id: draft.alert.id, version: draft.alert.version });
      step = 'ask';
      await api<AlertView>('POST', `/api/alerts/${draft.alert.id}/${needsApproval ? 'approval-request' : 'send'}`, {});
      void navigate(`/alerts/manage/${draft.alert.id}`);
    } catch (e) {
      // The saved draft was cancelled or changed elsewhere (409) or deleted (404): the next attempt saves a new one.
      if (step === 'save' && saved && e instanceof ApiError && (e.status === 404 || e.status === 409)) setSaved(null);
      // In the page's language: offline, or the reason the API named (nobody would receive it, a channel is off…).
      setSubmitError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="zones-page">
      <Header />
      <main id="main" className="roster-page alerts-page composer" data-testid="composer">
        <h1>
          {drill && <span className="badge drill">{t('drills.badge')}</span>} {t('communityAlerts.composeTitle')}
        </h1>
        {incident && (
          <p className="muted" data-testid="composer-incident">
            {t('communityAlerts.fromIncident', { zones: incident.zones.map((z) => z.name).join(', ') || '—' })}
          </p>
        )}
        {(loadError ?? error) && (
          <p className="error" role="alert" data-testid="composer-error">
            {loadError ?? error}
          </p>
        )}
        <div className="row wrap">
          <label>
            {t('communityAlerts.type')}
            <select value={type} onChange={(e) => setType(e.target.value as AlertType)} disabled={Boolean(incidentId)} data-testid="alert-type">
              {composable.map((k) => (
                <option key={k} value={k}>
                  {t(`communityAlerts.types.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="channels">
            <legend>{t('communityAlerts.channelsLabel')}</legend>
            {alertChannels.map((c) => {
              const enabled = settings?.enabledChannels.includes(c) ?? false;
              return (
                <label key={c} className={`inline${enabled ? '' : ' muted'}`} title={enabled ? undefined : t('communityAlerts.notConfigured')}>
                  <input
                    type="checkbox"
                    disabled={!enabled}
                    checked={channels.includes(c)}
                    onChange={() => setChannels(channels.includes(c) ? channels.filter((x) => x !== c) : [...channels, c])}
                    data-testid={`channel-${c}`}
                  />{' '}
                  {t(`communityAlerts.channels.${c}`)}
                </label>
              );
            })}
          </fieldset>
        </div>
        <AudiencePicker audience={audience} zones={zones} onChange={setAudience} drillOnly={drill} />
        {settings && (
          <VariantEditor
            variants={variants}
            languages={settings.languages}
            onChange={setVariants}
            onAdd={addLanguage}
            drill={drill || audience.kind === 'drill'}
          />
        )}
        {settings && settings.imageChannels.length > 0 && (
          <AlertImagePicker
            image={image}
            onChange={setImage}
            carrying={estimate?.imageChannels ?? channels.filter((c) => settings.imageChannels.includes(c))}
          />
        )}
        <h2>{t('communityAlerts.recipientsTitle')}</h2>
        {estimate ? <EstimateTable estimate={estimate} /> : <p className="muted">{t('communityAlerts.estimateWaiting')}</p>}
        <div className="row wrap actions">
          <button type="button" className="primary" disabled={busy || !estimate || nobody} onClick={() => void submit()} data-testid="request-approval">
            {needsApproval ? t('communityAlerts.requestApproval') : t('communityAlerts.sendNow')}
          </button>
          {nobody ? (
            <span className="small muted" data-testid="nobody-receives">
              {t('communityAlerts.nobodyReceives')}
            </span>
          ) : (
            needsApproval && <span className="small muted">{t('communityAlerts.twoPeople')}</span>
          )}
        </div>
        {submitError && (
          <p className="error" role="alert" data-testid="submit-error">
            {submitError}
          </p>
        )}
      </main>
    </div>
  );
}
