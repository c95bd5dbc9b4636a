import type { Responder, Zone } from '@centinela/contracts';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { type SubmitEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../shared/api/client';
import { useClientConfig } from '../../shared/api/client-config';
import { MapView } from '../../shared/map/MapView';
import { NoStreetMapHint } from '../../shared/map/NoStreetMapHint';
import { useLiveEvent, useLiveSocket } from '../../shared/socket/live';
import { Header } from '../../shared/ui/Header';
import { usePageTitle } from '../../shared/ui/page-title';
import { coverageExplanation } from '../coverage/coverage-text';
import { useCoverage } from '../coverage/useCoverage';
import { addZoneLayers, setZones } from './zone-layers';
import { ZoneEditor } from './ZoneEditor';
import { useTerraDraw } from './useTerraDraw';
import { useFitToZones } from './useFitToZones';
import { useZones } from './useZones';

type Mode = { kind: 'idle' } | { kind: 'drawing' } | { kind: 'naming'; area: Polygon } | { kind: 'shaping'; zoneId: string };

/** The coordinator's zones: list, draw new ones with the mouse, reshape, rename, assign responders. */
export function ZonesPage() {
  const { t } = useTranslation();
  usePageTitle(t('zones.title'));
  const config = useClientConfig();
  const { socket, status } = useLiveSocket();
  const { zones } = useZones(socket);
  const [showCoverage, setShowCoverage] = useState(true);
  const coverage = useCoverage(socket, showCoverage);
  const [responders, setResponders] = useState<Responder[]>([]);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const draw = useTerraDraw(map);
  const [mode, setMode] = useState<Mode>({ kind: 'idle' });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api<Responder[]>('GET', '/api/responders').then(setResponders);
  }, []);
  useLiveEvent(socket, 'responder.updated', (r) => setResponders((prev) => prev.map((p) => (p.id === r.id ? r : p))));
  useLiveEvent(socket, 'responder.removed', ({ id }) => setResponders((prev) => prev.filter((p) => p.id !== id)));

  const onLoad = useCallback((m: MapLibreMap) => {
    addZoneLayers(m);
    setMap(m);
  }, []);
  useEffect(() => {
    if (map) setZones(map, zones, selectedId, showCoverage ? coverage : undefined);
  }, [map, zones, selectedId, coverage, showCoverage]);
  useFitToZones(map, zones);

  // A finished polygon asks for its name.
  useEffect(() => {
    if (!draw) return;
    draw.on('finish', (id, context) => {
      if (context.mode !== 'polygon') return;
      const feature = draw.getSnapshotFeature(id);
      if (feature?.geometry.type === 'Polygon') {
        draw.setMode('static');
        setMode({ kind: 'naming', area: feature.geometry });
      }
    });
  }, [draw]);

  const onClick = useCallback(
    (event: MapMouseEvent) => {
      if (mode.kind !== 'idle') return;
      const hit = event.target.queryRenderedFeatures(event.point, { layers: ['zones-fill'] })[0];
      setSelectedId(hit ? String(hit.properties.id) : null);
    },
    [mode.kind],
  );

  const reset = () => {
    draw?.clear();
    draw?.setMode('static');
    setMode({ kind: 'idle' });
    setName('');
    setError(null);
  };

  const startDrawing = () => {
    if (!draw) return;
    reset();
    setSelectedId(null);
    draw.setMode('polygon');
    setMode({ kind: 'drawing' });
  };

  const saveNew = async (event: SubmitEvent) => {
    event.preventDefault();
    if (mode.kind !== 'naming') return;
    try {
      const zone = await api<Zone>('POST', '/api/zones', { name, area: mode.area });
      reset();
      setSelectedId(zone.id);
    } catch (e) {
      setError(describeError(e));
    }
  };

  const selected = zones.find((z) => z.id === selectedId);

  const editShape = () => {
    if (!draw || !selected) return;
    reset();
    const parts: Feature<Polygon>[] = selected.area.coordinates.map((coordinates) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates },
      properties: { mode: 'polygon' },
    }));
    draw.addFeatures(parts as never);
    draw.setMode('select');
    setMode({ kind: 'shaping', zoneId: selected.id });
  };

  const saveShape = async () => {
    if (!draw || mode.kind !== 'shaping') return;
    const polygons = draw.getSnapshot().filter((f) => f.geometry.type === 'Polygon');
    const area: MultiPolygon = { type: 'MultiPolygon', coordinates: polygons.map((f) => (f.geometry as Polygon).coordinates) };
    await api('PATCH', `/api/zones/${mode.zoneId}`, { area });
    reset();
  };

  return (
    <div className="zones-page">
      <Header status={status} />
      <NoStreetMapHint config={config} />
      <main id="main" className="dispatch-body">
        {config ? <MapView config={config} onLoad={onLoad} onUnload={() => setMap(null)} onClick={onClick} /> : <div className="map" />}
        <aside className="sidebar">
          <div className="row between pad-x">
            <h1 className="sidebar-title">{t('zones.title')}</h1>
            <label className="switch small">
              <input type="checkbox" role="switch" checked={showCoverage} onChange={() => setShowCoverage(!showCoverage)} data-testid="coverage-toggle" />
              <span>{t('coverage.show')}</span>
            </label>
            <button type="button" className="primary" onClick={startDrawing} disabled={!draw || mode.kind === 'drawing'} data-testid="draw-zone">
              {t('zones.draw')}
            </button>
          </div>
          {mode.kind === 'drawing' && (
            <p className="hint pad-x" role="status">
              {t('zones.drawHint')}{' '}
              <button type="button" className="link" onClick={reset}>
                {t('common.cancel')}
              </button>
            </p>
          )}
          {mode.kind === 'naming' && (
            <form className="panel-form" onSubmit={(event) => void saveNew(event)} data-testid="new-zone-form">
              <label>
                {t('zones.name')}
                <input name="newZoneName" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required autoFocus />
              </label>
              {error && (
                <p className="error" role="alert">
                  {error}
                </p>
              )}
              <div className="row">
                <button type="submit" className="primary">
                  {t('zones.save')}
                </button>
                <button type="button" onClick={reset}>
                  {t('common.cancel')}
                </button>
              </div>
            </form>
          )}
          {selected && mode.kind !== 'naming' && (
            <ZoneEditor
              zone={selected}
              responders={responders}
              editingShape={mode.kind === 'shaping'}
              onEditShape={editShape}
              onSaveShape={saveShape}
              onCancelShape={reset}
              onDeleted={() => setSelectedId(null)}
            />
          )}
          <ul className="zone-list" aria-label={t('zones.title')}>
            {zones.map((zone) => (
              <li key={zone.id}>
                <button
                  type="button"
                  className={`queue-item${zone.id === selectedId ? ' selected' : ''}`}
                  onClick={() => {
                    setSelectedId(zone.id);
                    const [x, y] = zone.area.coordinates[0]![0]![0]!;
                    map?.easeTo({ center: [x!, y!] });
                  }}
                  data-testid={`zone-${zone.name}`}
                  data-coverage={coverage.get(zone.id)?.reachableShare ?? ''}
                >
                  <strong>{zone.name}</strong>
                  {showCoverage && coverage.has(zone.id) && (
                    <span className="small coverage-why" data-testid="coverage-why">
                      {coverageExplanation(t, coverage.get(zone.id)!)}
                    </span>
                  )}
                  <span className="muted small">
                    {t('zones.respondersCount', {
                      count: zone.responderIds.length,
                      onDuty: responders.filter((r) => r.onDuty && zone.responderIds.includes(r.id)).length,
                    })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </aside>
      </main>
    </div>
  );
}
