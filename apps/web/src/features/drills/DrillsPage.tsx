import { type Activity, activities, type Drill, type StartDrill, type Zone } from '@centinela/contracts';
import type { GeoJSONSource, MapMouseEvent, Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, describeError } from '../../shared/api/client';
import { useClientConfig } from '../../shared/api/client-config';
import { useIdempotencyKeys } from '../../shared/api/idempotency';
import { useFormat } from '../../shared/i18n/format';
import { addZoneLayers, setZones } from '../zones/zone-layers';
import { MapView } from '../../shared/map/MapView';
import { Header } from '../../shared/ui/Header';
import { usePageTitle } from '../../shared/ui/page-title';
import { DrillReportTable } from './DrillReportTable';
import '../alerts/alerts.css';

/**
 * Drills for coordinators: pick a place on the map, describe the simulated call, start it — the real chain runs,
 * marked DRILL everywhere — then end it and read the report against the 5–7 minute window.
 */
export function DrillsPage() {
  const { t } = useTranslation();
  usePageTitle(t('drills.title'));
  const f = useFormat();
  const config = useClientConfig();
  const keys = useIdempotencyKeys();
  const [drills, setDrills] = useState<Drill[]>([]);
  const [place, setPlace] = useState<[number, number] | null>(null);
  const [activity, setActivity] = useState<Activity>('checkpoint');
  const [scenario, setScenario] = useState('');
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<Drill[]>('GET', '/api/drills').then(setDrills, (e: unknown) => setError(describeError(e)));
  }, []);
  useEffect(load, [load]);
  // A running drill's report fills in as its chain runs.
  useEffect(() => {
    if (!drills.some((d) => !d.endedAt)) return;
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, [drills, load]);

  const onLoad = useCallback((m: MapLibreMap) => {
    // The network's zones, outlined and named, to pick a place in one (a drill exercises a zone's responders).
    addZoneLayers(m);
    m.addSource('drill-place', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    m.addLayer({
      id: 'drill-place',
      type: 'circle',
      source: 'drill-place',
      paint: { 'circle-radius': 9, 'circle-color': '#6b3fa0', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
    });
    setMap(m);
  }, []);
  // Open on the network's zones, where drills happen.
  useEffect(() => {
    if (!map) return;
    void api<Zone[]>('GET', '/api/zones').then((zones) => {
      setZones(map, zones);
      const points = zones.flatMap((z) => z.area.coordinates.flat(2) as unknown as [number, number][]);
      if (points.length === 0) return;
      const lons = points.map((p) => p[0]);
      const lats = points.map((p) => p[1]);
      map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], { padding: 20, duration: 0 });
    });
  }, [map]);
  useEffect(() => {
    void map
      ?.getSource<GeoJSONSource>('drill-place')
      ?.setData({ type: 'FeatureCollection', features: place ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: place }, properties: {} }] : [] });
  }, [map, place]);

  const start = async () => {
    if (!place) return;
    setError(null);
    const body: StartDrill = { location: { type: 'Point', coordinates: place }, activity, ...(scenario.trim() ? { scenario: scenario.trim() } : {}) };
    try {
      const drill = await api<Drill>('POST', '/api/drills', body, { 'idempotency-key': keys.keyFor(body) });
      keys.reset();
      setDrills((list) => [drill, ...list]);
      setPlace(null);
      setScenario('');
    } catch (e) {
      setError(describeError(e));
    }
  };
  const end = async (id: string) => {
    try {
      const ended = await api<Drill>('POST', `/api/drills/${id}/end`, {});
      setDrills((list) => list.map((d) => (d.id === id ? ended : d)));
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <div className="zones-page">
      <Header />
      <main id="main" className="roster-page drills-page" data-testid="drills-page">
        <h1>{t('drills.title')}</h1>
        <p className="small muted">{t('drills.explain')}</p>
        <section className="card drill-start">
          <h2>{t('drills.startTitle')}</h2>
          <p className="small">{place ? t('drills.placePicked') : t('drills.pickPlace')}</p>
          {config && (
            <MapView
              config={config}
              onLoad={onLoad}
              onUnload={() => setMap(null)}
              onClick={(e: MapMouseEvent) => setPlace([e.lngLat.lng, e.lngLat.lat])}
              className="report-map"
              testId="drill-map"
            />
          )}
          <div className="row wrap">
            <label>
              {t('drills.activity')}
              <select value={activity} onChange={(e) => setActivity(e.target.value as Activity)} data-testid="drill-activity">
                {activities.map((a) => (
                  <option key={a} value={a}>
                    {t(`activity.${a}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="grow">
              {t('drills.scenario')}
              <input
                value={scenario}
                maxLength={1000}
                onChange={(e) => setScenario(e.target.value)}
                placeholder={t('drills.scenarioHint')}
                data-testid="drill-scenario"
              />
            </label>
          </div>
          <button type="button" className="primary" disabled={!place} onClick={() => void start()} data-testid="start-drill">
            {t('drills.start')}
          </button>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </section>
        <h2>{t('drills.listTitle')}</h2>
        {drills.length === 0 && <p className="muted">{t('drills.none')}</p>}
        <ul className="plain">
          {drills.map((d) => (
            <li key={d.id} className="card" data-testid={`drill-${d.id}`}>
              <div className="row between wrap">
                <strong>
                  <span className="badge drill">{t('drills.badge')}</span> {f.dateTime(d.startedAt)} · {d.startedBy ?? '—'}
                </strong>
                {d.endedAt ? (
                  <span className="small muted">{t('drills.endedAt', { time: f.time(d.endedAt) })}</span>
                ) : (
                  <span className="row">
                    {d.incidentId && <Link to="/dispatch">{t('drills.openConsole')}</Link>}
                    <button type="button" onClick={() => void end(d.id)} data-testid={`end-drill-${d.id}`}>
                      {t('drills.end')}
                    </button>
                  </span>
                )}
              </div>
              {d.scenario && <p>{d.scenario}</p>}
              <DrillReportTable drill={d} />
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}
