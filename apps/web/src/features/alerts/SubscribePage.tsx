import { type AlertAreas, type AlertLanguage, type AlertSignupChannels, alertLanguages } from '@centinela/contracts';
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, MapMouseEvent, Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, describeError } from '../../shared/api/client';
import { useClientConfig } from '../../shared/api/client-config';
import { useFormat } from '../../shared/i18n/format';
import { languageFor } from '../../shared/i18n/languages';
import { MapView } from '../../shared/map/MapView';
import { PublicHeader } from '../../shared/ui/PublicHeader';
import { usePageTitle } from '../../shared/ui/page-title';
import {
  AlertPushError,
  alertPushSupported,
  currentSubscription,
  offline,
  SIGNUP_DEADLINE_MS,
  type SignupStep,
  subscribeToAlerts,
  unsubscribeFromAlerts,
} from './hooks/alertPush';
import './alerts.css';

const AREAS_LAYER = 'alert-areas';

/**
 * The public alerts page (no account, nothing from another host): pick areas on the map, a language, and subscribe
 * this browser to Web Push; or subscribe by texting a keyword, or on Telegram.
 */
export function SubscribePage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('communityAlerts.subscribeTitle'));
  const f = useFormat();
  const config = useClientConfig();
  const [areas, setAreas] = useState<AlertAreas['areas']>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const [language, setLanguage] = useState<AlertLanguage>(() => languageFor(i18n.resolvedLanguage) ?? 'en');
  const [map, setMap] = useState<MapLibreMap | null>(null);
  /** What happened last; `others`: offer the other ways to get alerts after the text. */
  const [state, setState] = useState<{
    kind: 'idle' | 'busy' | 'subscribed' | 'unsubscribed' | 'denied' | 'unsupported' | 'error';
    text?: string;
    others?: boolean;
    /** While busy: what the page is waiting for (said in the status line, read politely by screen readers). */
    step?: SignupStep;
  }>({
    kind: alertPushSupported() ? 'idle' : 'unsupported',
  });

  /** Whether this browser has a push subscription: only then is "Stop alerts on this browser" offered. */
  const [hasSubscription, setHasSubscription] = useState(false);
  useEffect(() => {
    let live = true;
    void currentSubscription().then((s) => live && setHasSubscription(s !== null));
    return () => {
      live = false;
    };
  }, []);

  /** The other ways to sign up that this deployment has (none shown until known, or when the server cannot say). */
  const [channels, setChannels] = useState<AlertSignupChannels | null>(null);
  useEffect(() => {
    api<AlertSignupChannels>('GET', '/api/alerts/subscriptions/channels').then(setChannels, () => undefined);
  }, []);

  useEffect(() => {
    api<AlertAreas>('GET', '/api/alerts/subscriptions/areas').then(
      (a) => setAreas(a.areas),
      (e: unknown) => setState({ kind: 'error', text: describeError(e) }),
    );
  }, []);

  const onLoad = useCallback((m: MapLibreMap) => {
    m.addSource('areas', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    m.addLayer({
      id: AREAS_LAYER,
      type: 'fill',
      source: 'areas',
      paint: { 'fill-color': ['case', ['get', 'picked'], '#1f6feb', '#8a8f98'], 'fill-opacity': ['case', ['get', 'picked'], 0.45, 0.18] },
    });
    m.addLayer({ id: 'alert-areas-outline', type: 'line', source: 'areas', paint: { 'line-color': '#1f6feb', 'line-width': 1.5 } });
    m.addLayer({
      id: 'alert-areas-label',
      type: 'symbol',
      source: 'areas',
      layout: { 'text-field': ['get', 'name'], 'text-size': 13, 'text-font': ['Noto Sans Regular'] },
      paint: { 'text-color': '#111', 'text-halo-color': '#fff', 'text-halo-width': 1.5 },
    });
    setMap(m);
  }, []);

  useEffect(() => {
    if (!map) return;
    const data: FeatureCollection = {
      type: 'FeatureCollection',
      features: areas.map((a) => ({ type: 'Feature', id: a.id, geometry: a.geometry, properties: { id: a.id, name: a.name, picked: picked.includes(a.id) } })),
    };
    void map.getSource<GeoJSONSource>('areas')?.setData(data);
  }, [map, areas, picked]);

  // Frame the areas once they arrive.
  useEffect(() => {
    if (!map || areas.length === 0) return;
    const points = areas.flatMap((a) => a.geometry.coordinates.flat(2) as unknown as [number, number][]);
    const lons = points.map((p) => p[0]);
    const lats = points.map((p) => p[1]);
    map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], { padding: 30, duration: 0 });
  }, [map, areas]);

  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  const onClick = (event: MapMouseEvent) => {
    const hit = event.target.queryRenderedFeatures(event.point, { layers: [AREAS_LAYER] })[0];
    const id = hit?.properties.id as string | undefined;
    if (id) toggle(id);
  };
  /**
   * What went wrong, in the page's language and saying what to do: never the browser's own message (English, such as
   * "Registration failed - permission denied"); the server's words only for its other refusals.
   */
  const problem = (e: unknown): { kind: 'denied' | 'unsupported' | 'error'; text?: string; others?: boolean } => {
    if (offline(e)) return { kind: 'error', text: t('common.networkError') };
    if (e instanceof AlertPushError) {
      if (e.problem === 'denied' || e.problem === 'unsupported') return { kind: e.problem };
      if (e.problem === 'unavailable') return { kind: 'error', text: t('communityAlerts.pushUnavailable'), others: true };
      if (e.problem === 'timeout') return { kind: 'error', text: t('communityAlerts.pushTimeout', { count: SIGNUP_DEADLINE_MS / 1000 }), others: true };
      return { kind: 'error', text: t(e.problem === 'worker' ? 'communityAlerts.pushWorkerFailed' : 'communityAlerts.pushServiceFailed') };
    }
    if (e instanceof ApiError && e.status === 429) return { kind: 'error', text: t('communityAlerts.signupsTooMany'), others: true };
    if (e instanceof ApiError) return { kind: 'error', text: describeError(e) };
    return { kind: 'error', text: t('communityAlerts.pushFailed') };
  };
  const telegram = channels && (channels.telegramBot ?? channels.telegramChannel);
  const ways = [channels?.sms && t('communityAlerts.smsName'), channels?.whatsapp && 'WhatsApp', telegram && 'Telegram'].filter((w): w is string => !!w);
  /** The other ways to get alerts, offered after a browser problem: only those set up here. */
  const otherWays = ways.length
    ? t('communityAlerts.orUseOther', { ways: new Intl.ListFormat(i18n.resolvedLanguage, { type: 'disjunction' }).format(ways) })
    : '';
  const subscribe = async () => {
    setState({ kind: 'busy' });
    try {
      const outcome = await subscribeToAlerts(picked, language, (step) => setState({ kind: 'busy', step }));
      setState({ kind: outcome });
      if (outcome === 'subscribed') setHasSubscription(true);
    } catch (e) {
      setState(problem(e));
    }
  };
  const unsubscribe = async () => {
    try {
      await unsubscribeFromAlerts();
      setState({ kind: 'unsubscribed' });
      setHasSubscription(false);
    } catch (e) {
      setState(problem(e));
    }
  };
  const names = areas.filter((a) => picked.includes(a.id)).map((a) => a.name);

  return (
    <main id="main" className="report-page subscribe-page" data-testid="subscribe-page">
      <PublicHeader />
      <div className="report-form">
        <h1>{t('communityAlerts.subscribeTitle')}</h1>
        <p className="small muted">{t('communityAlerts.subscribeExplain')}</p>
        <h2>{t('communityAlerts.pickAreas')}</h2>
        {config && <MapView config={config} onLoad={onLoad} onUnload={() => setMap(null)} onClick={onClick} className="report-map" testId="areas-map" />}
        <div className="row wrap zone-picks" data-testid="area-list">
          {areas.map((a) => (
            <label key={a.id} className="inline chip">
              <input type="checkbox" checked={picked.includes(a.id)} onChange={() => toggle(a.id)} data-testid={`area-${a.name}`} /> {a.name}
            </label>
          ))}
          {areas.length === 0 && <span className="muted">{t('communityAlerts.noAreas')}</span>}
        </div>
        <label>
          {t('communityAlerts.alertLanguage')}
          <select value={language} onChange={(e) => setLanguage(e.target.value as AlertLanguage)} data-testid="subscribe-language">
            {alertLanguages.map((l) => (
              <option key={l} value={l}>
                {f.language(l)}
              </option>
            ))}
          </select>
        </label>
        <div className="row wrap actions">
          <button
            type="button"
            className="primary"
            disabled={picked.length === 0 || state.kind === 'busy' || state.kind === 'unsupported'}
            onClick={() => void subscribe()}
            data-testid="subscribe"
          >
            {t('communityAlerts.subscribeButton')}
          </button>
          {hasSubscription && (
            <button type="button" className="link" onClick={() => void unsubscribe()} data-testid="unsubscribe">
              {t('communityAlerts.unsubscribeButton')}
            </button>
          )}
        </div>
        <p
          role="status"
          data-testid="subscribe-state"
          data-state={state.kind}
          className={state.kind === 'error' || state.kind === 'denied' ? 'error' : state.kind === 'idle' || state.kind === 'busy' ? '' : 'hint'}
        >
          {state.kind === 'busy' && state.step === 'permission' && t('communityAlerts.askingPermission')}
          {state.kind === 'busy' && state.step === 'signing-up' && t('communityAlerts.signingUp')}
          {state.kind === 'subscribed' && t('communityAlerts.subscribed', { areas: f.list(names, 'conjunction'), language: f.language(language) })}
          {state.kind === 'unsubscribed' && t('communityAlerts.unsubscribed')}
          {state.kind === 'denied' && t('communityAlerts.permissionDenied')}
          {state.kind === 'unsupported' && t('communityAlerts.pushUnsupported')}
          {state.kind === 'error' && state.text}
          {otherWays && (state.kind === 'denied' || state.kind === 'unsupported' || state.others) && ` ${otherWays}`}
        </p>
        {channels && ways.length > 0 && (
          <section className="other-ways" data-testid="other-ways">
            <h2>{t('communityAlerts.otherWays')}</h2>
            {channels.sms && (
              <p>
                <strong>{t('communityAlerts.bySms')}</strong> {t('communityAlerts.bySmsHow')}
                <br />
                <a href={`sms:${channels.sms.number}?&body=ALERTS`} dir="ltr" data-testid="signup-sms">
                  {channels.sms.number}
                </a>
              </p>
            )}
            {channels.whatsapp && (
              <p>
                <strong>{t('communityAlerts.byWhatsApp')}</strong> {t('communityAlerts.byWhatsAppHow')}
                <br />
                <a href={channels.whatsapp.url} target="_blank" rel="noreferrer" dir="ltr" data-testid="signup-whatsapp">
                  {channels.whatsapp.number}
                </a>
              </p>
            )}
            {telegram && (
              <p>
                <strong>{t('communityAlerts.byTelegram')}</strong>
                {channels.telegramBot && (
                  <>
                    {' '}
                    {t('communityAlerts.byTelegramBotHow')}{' '}
                    <a href={channels.telegramBot.url} target="_blank" rel="noreferrer" dir="ltr" data-testid="signup-telegram-bot">
                      @{channels.telegramBot.username}
                    </a>
                  </>
                )}
                {channels.telegramChannel && (
                  <>
                    {channels.telegramBot ? <br /> : ' '}
                    {t('communityAlerts.byTelegramChannelHow')}{' '}
                    <a href={channels.telegramChannel.url} target="_blank" rel="noreferrer" dir="ltr" data-testid="signup-telegram-channel">
                      @{channels.telegramChannel.username}
                    </a>
                  </>
                )}
              </p>
            )}
            {(channels.sms ?? channels.whatsapp ?? channels.telegramBot) && <p className="small muted">{t('communityAlerts.stopHow')}</p>}
          </section>
        )}
        <p className="small muted">{t('communityAlerts.whatWeKeep')}</p>
      </div>
    </main>
  );
}
