import type { IncidentStatus, SightingView } from '@centinela/contracts';
import { type Map as MapLibreMap, type MapMouseEvent, Marker, Popup } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client';
import { useClientConfig } from '../../shared/api/client-config';
import { MapView } from '../../shared/map/MapView';
import { textPopup } from '../../shared/map/popup';
import { useLiveSocket } from '../../shared/socket/live';
import { Header } from '../../shared/ui/Header';
import { useNow } from '../../shared/ui/time';
import { useCoverage } from '../coverage/useCoverage';
import { IncidentDrawer } from '../incidents/IncidentDrawer';
import { IncidentQueue, passes, type QueueFilter } from '../incidents/IncidentQueue';
import { latestSighting, triageOrder, useIncidents } from '../incidents/useIncidents';
import { useShortcuts } from '../incidents/useShortcuts';
import { addZoneLayers, setZones } from '../zones/zone-layers';
import { useFitToZones } from '../zones/useFitToZones';
import { useZones } from '../zones/useZones';
import { addSightingLayers, SIGHTINGS_LAYER, setSightings, sightingFeatures } from './layers';
import { addResponderLayers, setResponders } from './responder-layers';
import { SightingForm } from './SightingForm';
import { useLiveResponders } from './useLiveResponders';

const SHORTCUTS = ['j', 'k', 'v', 'c', 'f', 'm', 'Escape', '?'] as const;

/**
 * The dispatcher's screen: a full-window live map of zones, sightings and responders; the triage queue of
 * incidents (unverified and newest first); the incident drawer; the SALUTE form where the map is clicked.
 */
export function DispatchPage() {
  const { t } = useTranslation();
  const config = useClientConfig();
  const reloadRef = useRef<() => void>(() => undefined);
  const { socket, status } = useLiveSocket(() => reloadRef.current());
  const { incidents, upsert, upsertDispatch, reload: reloadIncidents } = useIncidents(socket);
  const { zones, reload: reloadZones } = useZones(socket);
  const { located, crossings, reload: reloadResponders } = useLiveResponders(socket);
  const [showCoverage, setShowCoverage] = useState(false);
  const coverage = useCoverage(socket, showCoverage);
  reloadRef.current = () => void Promise.all([reloadIncidents(), reloadZones(), reloadResponders()]);
  const now = useNow(1000);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [draftAt, setDraftAt] = useState<[number, number] | null>(null);
  const [filter, setFilter] = useState<QueueFilter>('live');
  const [pendingStatus, setPendingStatus] = useState<IncidentStatus | null>(null);
  const [help, setHelp] = useState(false);

  const all = useMemo(() => [...incidents.values()], [incidents]);
  const queue = useMemo(() => all.filter((v) => passes(filter, v.incident.status)).sort(triageOrder), [all, filter]);
  const selected = selectedId ? incidents.get(selectedId) : undefined;

  const onLoad = useCallback((m: MapLibreMap) => {
    addZoneLayers(m);
    addResponderLayers(m);
    addSightingLayers(m);
    m.on('mouseenter', SIGHTINGS_LAYER, () => (m.getCanvas().style.cursor = 'pointer'));
    m.on('mouseleave', SIGHTINGS_LAYER, () => (m.getCanvas().style.cursor = ''));
    setMap(m);
  }, []);

  const onClick = useCallback((event: MapMouseEvent) => {
    const hit = event.target.queryRenderedFeatures(event.point, { layers: [SIGHTINGS_LAYER] })[0];
    if (hit) {
      setDraftAt(null);
      setSelectedId(String(hit.properties.incidentId));
    } else {
      setSelectedId(null);
      setDraftAt([Number(event.lngLat.lng.toFixed(6)), Number(event.lngLat.lat.toFixed(6))]);
    }
  }, []);

  useEffect(() => {
    if (map) setZones(map, zones, null, showCoverage ? coverage : undefined);
  }, [map, zones, coverage, showCoverage]);
  useFitToZones(map, zones);
  useEffect(() => {
    if (map) setResponders(map, located);
  }, [map, located]);

  const minute = Math.floor(now / 30_000); // "new" changes by the minute; no need to redraw every second
  const features = useMemo(
    () =>
      sightingFeatures(
        all.flatMap((v) => v.sightings),
        minute * 30_000,
        selectedId,
      ),
    [all, minute, selectedId],
  );
  useEffect(() => {
    if (map) setSightings(map, features);
  }, [map, features]);

  useEffect(() => {
    if (!map || !draftAt) return;
    const marker = new Marker({ color: '#7a1f2b' }).setLngLat(draftAt).addTo(map);
    return () => void marker.remove();
  }, [map, draftAt]);

  // A popup over the selected incident; its text is set as text, never as HTML.
  const head = selected ? latestSighting(selected) : null;
  useEffect(() => {
    if (!map || !selected || !head) return;
    const popup = new Popup({ closeButton: false, offset: 12, maxWidth: '280px' })
      .setLngLat(selected.incident.location.coordinates as [number, number])
      .setDOMContent(textPopup(`${t(`activity.${head.activity}`)} · ${t(`agency.${head.agency}`)}`, [head.locationDescription, head.notes]))
      .addTo(map);
    return () => void popup.remove();
  }, [map, selected, head, t]);

  const select = (id: string) => {
    setDraftAt(null);
    setSelectedId(id);
    const view = incidents.get(id);
    if (map && view) map.easeTo({ center: view.incident.location.coordinates as [number, number], zoom: Math.max(map.getZoom(), 14) });
  };
  const step = (by: number) => {
    if (queue.length === 0) return;
    const i = queue.findIndex((v) => v.incident.id === selectedId);
    select(queue[Math.min(queue.length - 1, Math.max(0, i < 0 ? 0 : i + by))]!.incident.id);
  };

  useShortcuts({
    j: () => step(1),
    k: () => step(-1),
    ArrowDown: () => step(1),
    ArrowUp: () => step(-1),
    v: () =>
      selected &&
      void api('POST', `/api/incidents/${selected.incident.id}/dispatches`, { needs: [{ capability: 'verifier', count: 2 }] }).then(upsertDispatch as never),
    c: () => selected && setPendingStatus('confirmed'),
    f: () => selected && setPendingStatus('false_alarm'),
    m: () => selected && document.querySelector<HTMLButtonElement>('[data-testid="claim-button"]')?.click(),
    Escape: () => (draftAt ? setDraftAt(null) : setSelectedId(null)),
    '?': () => setHelp((h) => !h),
  });

  const created = (view: SightingView) => {
    setDraftAt(null);
    setSelectedId(view.sighting.incidentId);
  };

  return (
    <div className="dispatch-page">
      <Header status={status} />
      <div className="dispatch-body">
        {config ? <MapView config={config} onLoad={onLoad} onClick={onClick} /> : <div className="map" />}
        <aside className="sidebar">
          {draftAt ? (
            <SightingForm key={draftAt.join()} at={draftAt} onCreated={created} onCancel={() => setDraftAt(null)} />
          ) : (
            <>
              {selected && (
                <IncidentDrawer
                  view={selected}
                  others={all.filter((v) => v.incident.id !== selected.incident.id)}
                  now={now}
                  pendingStatus={pendingStatus}
                  onPendingDone={() => setPendingStatus(null)}
                  onUpdated={upsert}
                  onDispatch={upsertDispatch}
                  onClose={() => setSelectedId(null)}
                />
              )}
              <div className="row between pad-x">
                <span className="small muted" data-testid="on-duty-located">
                  {t('dispatch.locatedCount', { count: located.length })}
                </span>
                <label className="switch small">
                  <input type="checkbox" role="switch" checked={showCoverage} onChange={() => setShowCoverage(!showCoverage)} data-testid="coverage-toggle" />
                  <span>{t('coverage.show')}</span>
                </label>
                <button type="button" className="link small" onClick={() => setHelp(!help)} aria-expanded={help}>
                  {t('triage.shortcuts')}
                </button>
              </div>
              {help && (
                <dl className="shortcuts small pad-x" data-testid="shortcuts">
                  {SHORTCUTS.map((key) => (
                    <div key={key}>
                      <dt>
                        <kbd>{key === 'Escape' ? 'Esc' : key}</kbd>
                      </dt>
                      <dd>{t(`triage.key.${key}`)}</dd>
                    </div>
                  ))}
                </dl>
              )}
              {crossings.length > 0 && (
                <ul className="activity small pad-x" aria-label={t('dispatch.activity')} data-testid="activity">
                  {crossings.map((c) => (
                    <li key={`${c.responderId}-${c.zoneId}-${c.at}`}>
                      {t(c.change === 'entered' ? 'dispatch.entered' : 'dispatch.exited', { alias: c.alias, zone: c.zoneName })}
                    </li>
                  ))}
                </ul>
              )}
              <h2 className="pad-x">{t('dispatch.queue')}</h2>
              <p className="muted small pad-x">{t('dispatch.clickToLog')}</p>
              <IncidentQueue views={queue} now={now} selectedId={selectedId} filter={filter} onFilter={setFilter} onSelect={select} />
            </>
          )}
        </aside>
      </div>
    </div>
  );
}
