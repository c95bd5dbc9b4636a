import type { GeocodeResult, IncidentStatus, SightingView, ThreadSummary } from '@centinela/contracts';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client';
import { useClientConfig } from '../../shared/api/client-config';
import { useSession } from '../../shared/api/session';
import { MapView } from '../../shared/map/MapView';
import { NoStreetMapHint } from '../../shared/map/NoStreetMapHint';
import { useLiveSocket } from '../../shared/socket/live';
import { Header } from '../../shared/ui/Header';
import { usePageTitle } from '../../shared/ui/page-title';
import { useNow } from '../../shared/ui/time';
import { useCoverage } from '../coverage/useCoverage';
import { PlaceSearch } from '../geocoding/PlaceSearch';
import { HotlineCallsPanel } from '../hotline/HotlineCallsPanel';
import { useHotlineCalls } from '../hotline/useHotlineCalls';
import { IncidentDrawer } from '../incidents/IncidentDrawer';
import { IncidentQueue, passes, type QueueFilter } from '../incidents/IncidentQueue';
import { triageOrder, useIncidents } from '../incidents/useIncidents';
import { useShortcuts } from '../incidents/useShortcuts';
import { ThreadConversation } from '../threads/ThreadConversation';
import { ThreadsPanel } from '../threads/ThreadsPanel';
import { useThreads } from '../threads/useThreads';
import { addZoneLayers } from '../zones/zone-layers';
import { useZones } from '../zones/useZones';
import { DispatchTools } from './DispatchTools';
import { addSightingLayers, SIGHTINGS_LAYER } from './layers';
import { MapLegend } from './MapLegend';
import { NewReportsCue } from './NewReportsCue';
import { addResponderLayers } from './responder-layers';
import { ShortcutsDialog } from './ShortcutsDialog';
import { SightingForm } from './SightingForm';
import { useDispatchMapLayers } from './useDispatchMapLayers';
import { useDraft } from './useDraft';
import { useLinkedIncident } from './useLinkedIncident';
import { useLiveResponders } from './useLiveResponders';
import { useReportAlerts } from './useReportAlerts';

const placeKey = (at: readonly number[]) => `${at[0]!.toFixed(5)},${at[1]!.toFixed(5)}`;

/**
 * The dispatcher's screen: a full-window live map of zones, sightings and responders with address search;
 * the triage queue of incidents (unverified and newest first); the incident drawer; the SALUTE form where a
 * search answer, a click or a dragged pin puts the place.
 */
export function DispatchPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.map'));
  const config = useClientConfig();
  const reloadRef = useRef<() => void>(() => undefined);
  const { socket, status } = useLiveSocket(() => reloadRef.current());
  const { incidents, upsert, upsertDispatch, reload: reloadIncidents } = useIncidents(socket);
  const { zones, reload: reloadZones } = useZones(socket);
  const { located, crossings, reload: reloadResponders } = useLiveResponders(socket);
  const [showCoverage, setShowCoverage] = useState(false);
  const coverage = useCoverage(socket, showCoverage);
  const { threads, reload: reloadThreads } = useThreads(socket);
  const [threadId, setThreadId] = useState<string | null>(null);
  const [sightingFrom, setSightingFrom] = useState<ThreadSummary | null>(null);
  const hotline = useHotlineCalls(socket);
  const session = useSession();
  /** The call the SALUTE form is being logged from (set by "Log sighting from this call"). */
  const [fromCallId, setFromCallId] = useState<string | null>(null);
  const fromCall = fromCallId ? (hotline.calls.find((c) => c.id === fromCallId) ?? null) : null;
  reloadRef.current = () => void Promise.all([reloadIncidents(), reloadZones(), reloadResponders(), reloadThreads(), hotline.reload()]);
  const now = useNow(1000);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const { draft, place, clear } = useDraft(map, config?.streetMap ?? false);
  const [filter, setFilter] = useState<QueueFilter>('live');
  const [pendingStatus, setPendingStatus] = useState<IncidentStatus | null>(null);
  const [help, setHelp] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const formSearchRef = useRef<HTMLInputElement>(null);
  const formEscapeRef = useRef<(() => void) | null>(null);
  const loggedHere = useRef(new Set<string>());
  const alerts = useReportAlerts(socket, (sighting) => loggedHere.current.has(placeKey(sighting.location.coordinates)));
  const markSeen = alerts.seen;

  const all = useMemo(() => [...incidents.values()], [incidents]);
  const queue = useMemo(() => all.filter((v) => passes(filter, v.incident.status)).sort(triageOrder), [all, filter]);

  const onLoad = useCallback((m: MapLibreMap) => {
    addZoneLayers(m);
    addResponderLayers(m);
    addSightingLayers(m);
    m.on('mouseenter', SIGHTINGS_LAYER, () => (m.getCanvas().style.cursor = 'pointer'));
    m.on('mouseleave', SIGHTINGS_LAYER, () => (m.getCanvas().style.cursor = ''));
    setMap(m);
  }, []);

  const open = useCallback(
    (id: string) => {
      clear();
      setSelectedId(id);
      markSeen(id);
    },
    [clear, markSeen],
  );

  const onClick = useCallback(
    (event: MapMouseEvent) => {
      const hit = event.target.queryRenderedFeatures(event.point, { layers: [SIGHTINGS_LAYER, 'sightings-clusters'] })[0];
      if (hit?.layer.id === 'sightings-clusters') {
        event.target.easeTo({ center: event.lngLat, zoom: event.target.getZoom() + 2 });
      } else if (hit) open(String(hit.properties.incidentId));
      else {
        setSelectedId(null);
        place([event.lngLat.lng, event.lngLat.lat]);
      }
    },
    [open, place],
  );

  const pickPlace = useCallback(
    (result: GeocodeResult) => {
      const at = result.location.coordinates as [number, number];
      setSelectedId(null);
      place(at, result.label);
      map?.flyTo({ center: at, zoom: Math.max(map.getZoom(), 16), duration: 600 });
    },
    [map, place],
  );
  const near = useCallback((): [number, number] | null => {
    const c = map?.getCenter();
    return c ? [c.lng, c.lat] : null;
  }, [map]);

  /** An incident opened by link (`/dispatch?incident=<id>`): shown even if the queue's list, loading meanwhile, lacks it. */
  const linkedView = useLinkedIncident({ live: status === 'live', map, open, upsert });
  const selected = selectedId ? (incidents.get(selectedId) ?? (linkedView?.incident.id === selectedId ? linkedView : undefined)) : undefined;

  useDispatchMapLayers(map, { zones, coverage: showCoverage ? coverage : undefined, located, incidents: all, selected, now });

  const select = (id: string) => {
    open(id);
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
    '/': () => (draft ? formSearchRef : searchRef).current?.focus(),
    v: () =>
      selected &&
      void api('POST', `/api/incidents/${selected.incident.id}/dispatches`, { needs: [{ capability: 'verifier', count: 2 }] }).then(upsertDispatch as never),
    c: () => selected && setPendingStatus('confirmed'),
    f: () => selected && setPendingStatus('false_alarm'),
    m: () => selected && document.querySelector<HTMLButtonElement>('[data-testid="claim-button"]')?.click(),
    // With the form open, Esc is the form's: it asks before throwing away what was entered.
    Escape: () => (draft ? (formEscapeRef.current ?? clear)() : setSelectedId(null)),
    '?': () => setHelp((h) => !h),
  });

  const created = (view: SightingView) => {
    clear();
    setSightingFrom(null);
    setFromCallId(null);
    setSelectedId(view.sighting.incidentId);
  };

  return (
    <div className="dispatch-page">
      <Header status={status} />
      <NoStreetMapHint config={config} />
      <main id="main" className="dispatch-body">
        <h1 className="visually-hidden">{t('nav.map')}</h1>
        {config ? (
          <MapView config={config} onLoad={onLoad} onUnload={() => setMap(null)} onClick={onClick}>
            {config.streetMap && <PlaceSearch scope="staff" near={near} onPick={pickPlace} inputRef={searchRef} className="map-search" testId="map-search" />}
            <MapLegend coverage={showCoverage} />
          </MapView>
        ) : (
          <div className="map" />
        )}
        <aside className="sidebar" aria-label={t('dispatch.sidebar')}>
          <NewReportsCue unseen={alerts.unseen.length} onShow={() => alerts.unseen[0] && select(alerts.unseen[0])} onDismiss={alerts.allSeen} />
          {draft ? (
            <SightingForm
              at={draft.at}
              suggestion={draft.suggestion}
              streetMap={config?.streetMap ?? false}
              near={near}
              searchRef={formSearchRef}
              escapeRef={formEscapeRef}
              onRelocate={pickPlace}
              onSubmitting={(at) => loggedHere.current.add(placeKey(at))}
              onCreated={created}
              onCancel={() => {
                clear();
                setSightingFrom(null);
                setFromCallId(null);
              }}
              thread={sightingFrom}
              call={fromCall}
            />
          ) : (
            <>
              {sightingFrom && (
                <p className="notice pad-x" role="status" data-testid="place-thread">
                  {t('threads.placeIt', { label: sightingFrom.label })}{' '}
                  <button type="button" onClick={() => setSightingFrom(null)}>
                    {t('common.cancel')}
                  </button>
                </p>
              )}
              {threadId && !sightingFrom && (
                <ThreadConversation
                  socket={socket}
                  id={threadId}
                  onClose={() => setThreadId(null)}
                  onTurnIntoSighting={(thread) => {
                    setSelectedId(null);
                    setSightingFrom(thread);
                    if (config?.streetMap) searchRef.current?.focus();
                  }}
                  onOpenIncident={(id) => {
                    setThreadId(null);
                    select(id);
                  }}
                />
              )}
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
              {fromCall && (
                <div className="call-link pad-x" role="status" data-testid="call-pending">
                  <p>{t('hotline.findPlace')}</p>
                  <button type="button" onClick={() => setFromCallId(null)}>
                    {t('common.cancel')}
                  </button>
                </div>
              )}
              <HotlineCallsPanel
                calls={hotline.calls}
                me={session?.user.id ?? ''}
                now={now}
                onUpdated={hotline.upsert}
                onLog={(call) => {
                  setSelectedId(null);
                  setFromCallId(call.id);
                  (searchRef.current ?? undefined)?.focus();
                }}
                onOpenIncident={select}
              />
              <DispatchTools
                located={located.length}
                crossings={crossings}
                showCoverage={showCoverage}
                onCoverage={setShowCoverage}
                onHelp={() => setHelp(true)}
              />
              <ThreadsPanel
                threads={threads}
                onOpen={(id) => {
                  setSelectedId(null);
                  setThreadId(id);
                }}
              />
              <h2 className="pad-x">{t('dispatch.queue')}</h2>
              <p className="muted small pad-x">{config?.streetMap ? t('dispatch.searchOrClick') : t('dispatch.clickToLog')}</p>
              <IncidentQueue views={queue} now={now} selectedId={selectedId} filter={filter} onFilter={setFilter} onSelect={select} unseen={alerts.unseen} />
            </>
          )}
        </aside>
        <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
      </main>
    </div>
  );
}
