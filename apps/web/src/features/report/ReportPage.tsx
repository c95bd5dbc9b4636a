import { activities, type PublicReport } from '@centinela/contracts';
import { type Map as MapLibreMap, type MapMouseEvent, Marker } from 'maplibre-gl';
import { type SubmitEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../shared/api/client';
import { FileField } from '../../shared/ui/FileField';
import { useClientConfig } from '../../shared/api/client-config';
import { useFirstAttempt, useIdempotencyKeys } from '../../shared/api/idempotency';
import { MapView } from '../../shared/map/MapView';
import { PublicHeader } from '../../shared/ui/PublicHeader';
import { ThemeSwitch } from '../../shared/ui/ThemeSwitch';
import { usePageTitle } from '../../shared/ui/page-title';
import { PlaceSearch } from '../geocoding/PlaceSearch';

const WHEN = [0, 5, 15, 30, 60] as const;

/**
 * The community report form: no account, no app, phone-first. Place a pin (or use my location),
 * say what you see and when. Nothing about the person reporting is asked for or kept.
 */
export function ReportPage() {
  const { t } = useTranslation();
  usePageTitle(t('report.title'));
  const config = useClientConfig();
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [at, setAt] = useState<[number, number] | null>(null);
  const [description, setDescription] = useState('');
  const [agents, setAgents] = useState('');
  const [activity, setActivity] = useState<(typeof activities)[number] | ''>('');
  const [minutesAgo, setMinutesAgo] = useState<number>(0);
  const [photo, setPhoto] = useState<File | null>(null);
  const [state, setState] = useState<'form' | 'sending' | 'sent'>('form');
  const [error, setError] = useState<string | null>(null);
  const keys = useIdempotencyKeys();
  const attempt = useFirstAttempt();

  const onLoad = useCallback((m: MapLibreMap) => setMap(m), []);
  const [placeName, setPlaceName] = useState<string | null>(null);
  const onClick = useCallback((event: MapMouseEvent) => {
    setPlaceName(null);
    setAt([Number(event.lngLat.lng.toFixed(6)), Number(event.lngLat.lat.toFixed(6))]);
  }, []);
  useEffect(() => {
    if (!map || !at) return;
    const marker = new Marker({ color: '#7a1f2b' }).setLngLat(at).addTo(map);
    return () => void marker.remove();
  }, [map, at]);

  const useMyLocation = () => {
    if (!('geolocation' in navigator)) {
      setError(t('report.noLocation'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => {
        const here: [number, number] = [Number(p.coords.longitude.toFixed(6)), Number(p.coords.latitude.toFixed(6))];
        setAt(here);
        map?.easeTo({ center: here, zoom: 16 });
      },
      () => setError(t('report.noLocation')),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!at) {
      setError(t('report.placePin'));
      return;
    }
    setState('sending');
    setError(null);
    const body: PublicReport = {
      location: { type: 'Point', coordinates: at },
      observedAt: new Date(attempt.at() - minutesAgo * 60_000).toISOString(),
      // The place's name as the search found it helps the dispatcher read the pin.
      description: placeName ? `${placeName}: ${description}`.slice(0, 1000) : description,
      ...(agents.trim() ? { agents: Number.parseInt(agents, 10) } : {}),
      ...(activity ? { activity } : {}),
    };
    try {
      const key = keys.keyFor({ body, photo: photo ? [photo.name, photo.size, photo.lastModified] : null });
      if (photo) {
        const form = new FormData();
        form.append('report', JSON.stringify(body));
        form.append('photo', photo);
        const response = await fetch('/api/reports', { method: 'POST', body: form, headers: { 'idempotency-key': key } }).catch(() => null);
        if (!response) throw new ApiError(0, 'offline');
        if (!response.ok) throw new ApiError(response.status, ((await response.json().catch(() => ({}))) as { message?: string }).message ?? '');
      } else await api('POST', '/api/reports', body, { 'idempotency-key': key });
      keys.reset();
      attempt.reset();
      setState('sent');
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) attempt.reset();
      setState('form');
      setError(
        e instanceof ApiError && e.status === 429
          ? t('report.tooMany')
          : e instanceof ApiError && e.status === 0
            ? t('common.networkError')
            : e instanceof ApiError && (e.status === 415 || e.status === 413)
              ? t('report.badPhoto')
              : t('report.failed'),
      );
    }
  };

  if (state === 'sent') {
    return (
      <main id="main" className="centered-page">
        <section className="card" role="status" data-testid="report-thanks">
          <h1>{t('report.thanks')}</h1>
          <p>{t('report.thanksBody')}</p>
          <button
            type="button"
            onClick={() => {
              // A new report starts empty: nothing of the last one (photo, count, activity, time) is sent again.
              setState('form');
              setDescription('');
              setAt(null);
              setPhoto(null);
              setAgents('');
              setActivity('');
              setMinutesAgo(0);
              setError(null);
            }}
          >
            {t('report.another')}
          </button>
        </section>
      </main>
    );
  }

  return (
    <main id="main" className="report-page">
      <PublicHeader>
        <ThemeSwitch />
      </PublicHeader>
      <form className="report-form" onSubmit={(event) => void submit(event)}>
        <h1>{t('report.title')}</h1>
        <p className="muted small">{t('report.safety')}</p>
        <p className="small">{at ? t('report.pinPlaced') : t('report.tapMap')}</p>
        {config?.streetMap && (
          <PlaceSearch
            scope="public"
            near={() => (map ? [map.getCenter().lng, map.getCenter().lat] : null)}
            onPick={(r) => {
              const here = r.location.coordinates as [number, number];
              setAt(here);
              setPlaceName(r.label);
              map?.flyTo({ center: here, zoom: 16, duration: 500 });
            }}
            placeholder={t('report.searchPlaceholder')}
            testId="report-search"
          />
        )}
        {config ? (
          <MapView config={config} onLoad={onLoad} onUnload={() => setMap(null)} onClick={onClick} className="report-map" testId="report-map" />
        ) : (
          <div className="report-map" />
        )}
        {placeName && at && (
          <p className="small" data-testid="report-place">
            {t('report.placeChosen', { place: placeName })}
          </p>
        )}
        <button type="button" onClick={useMyLocation}>
          {t('report.useMyLocation')}
        </button>
        <label>
          {t('report.what')}
          <textarea
            name="description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={1000}
            rows={4}
            required
            placeholder={t('report.whatPlaceholder')}
          />
        </label>
        <div className="row">
          <label>
            {t('report.activity')}
            <select name="activity" value={activity} onChange={(e) => setActivity(e.target.value as typeof activity)}>
              <option value="">—</option>
              {activities.map((a) => (
                <option key={a} value={a}>
                  {t(`activity.${a}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('report.agents')}
            <input name="agents" type="number" min={0} max={1000} inputMode="numeric" value={agents} onChange={(e) => setAgents(e.target.value)} />
          </label>
        </div>
        <fieldset className="when">
          <legend>{t('report.when')}</legend>
          {WHEN.map((m) => (
            <label key={m} className="chip">
              <input type="radio" name="when" checked={minutesAgo === m} onChange={() => setMinutesAgo(m)} />
              {m === 0 ? t('report.justNow') : t('report.minutesAgo', { count: m })}
            </label>
          ))}
        </fieldset>
        <FileField label={t('report.photo')} name="photo" accept="image/*" capture="environment" chosen={photo} onFile={setPhoto} />
        <p className="small muted">{t('report.photoPrivacy')}</p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary big" disabled={state === 'sending'}>
          {t('report.send')}
        </button>
      </form>
    </main>
  );
}
