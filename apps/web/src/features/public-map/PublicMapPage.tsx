import type { PublicIncident } from '@centinela/contracts';
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../shared/i18n/format';
import { ApiError, api } from '../../shared/api/client';
import { useClientConfig } from '../../shared/api/client-config';
import { MapView } from '../../shared/map/MapView';
import { PublicHeader } from '../../shared/ui/PublicHeader';
import { usePageTitle } from '../../shared/ui/page-title';

/**
 * The public map (when the network turns it on): confirmed incidents only, a while after confirmation,
 * as a coarse area and a time, for the last day. Nothing else leaves the server.
 */
export function PublicMapPage() {
  const { t } = useTranslation();
  usePageTitle(t('publicMap.title'));
  const format = useFormat();
  const config = useClientConfig();
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [incidents, setIncidents] = useState<PublicIncident[] | null>(null);
  const [off, setOff] = useState(false);
  useEffect(() => {
    const load = () =>
      api<PublicIncident[]>('GET', '/api/public/incidents').then(setIncidents, (e: unknown) => e instanceof ApiError && e.status === 404 && setOff(true));
    void load();
    const timer = setInterval(() => void load(), 60_000);
    return () => clearInterval(timer);
  }, []);
  const onLoad = useCallback((m: MapLibreMap) => {
    m.addSource('public', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    m.addLayer({
      id: 'public-areas',
      type: 'circle',
      source: 'public',
      paint: { 'circle-radius': 16, 'circle-color': '#c0162c', 'circle-opacity': 0.35, 'circle-stroke-color': '#c0162c', 'circle-stroke-width': 1 },
    });
    setMap(m);
  }, []);
  useEffect(() => {
    const data: FeatureCollection = {
      type: 'FeatureCollection',
      features: (incidents ?? []).map((i) => ({ type: 'Feature', geometry: i.location, properties: { activity: i.activity } })),
    };
    void map?.getSource<GeoJSONSource>('public')?.setData(data);
    // Frame what there is to see (once per load of the list), not the whole network.
    const points = (incidents ?? []).map((i) => i.location.coordinates as [number, number]);
    if (map && points.length > 0) {
      const lons = points.map((p) => p[0]);
      const lats = points.map((p) => p[1]);
      map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], { padding: 60, maxZoom: 15, duration: 0 });
    }
  }, [map, incidents]);

  return (
    <main id="main" className="report-page">
      <PublicHeader />
      <div className="report-form">
        <h1>{t('publicMap.title')}</h1>
        {off ? (
          <p>{t('publicMap.off')}</p>
        ) : (
          <>
            <p className="small muted">{t('publicMap.explain')}</p>
            {config && <MapView config={config} onLoad={onLoad} onUnload={() => setMap(null)} className="report-map" testId="public-map" />}
            <ul className="plain" data-testid="public-list">
              {(incidents ?? []).map((i, n) => (
                <li key={n}>
                  {t(`activity.${i.activity}`)} · {t(`agency.${i.agency}`)} · {format.dateTime(i.confirmedAt)}
                  {i.area && <> · {t('publicMap.area', { area: i.area })}</>}
                </li>
              ))}
            </ul>
            {incidents?.length === 0 && <p className="muted">{t('publicMap.none')}</p>}
          </>
        )}
      </div>
    </main>
  );
}
