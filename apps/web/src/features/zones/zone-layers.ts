import type { Zone, ZoneCoverage } from '@centinela/contracts';
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { LABEL_FONT } from '../../shared/map/basemap';

export const ZONES_SOURCE = 'zones';

const BLUE = '#3b6e8f';
const ACCENT = '#7a1f2b';
const hasCoverage: ExpressionSpecification = ['>=', ['get', 'coverage'], 0];

/** With coverage shown: red where nobody can reach in time, through amber, to green where all of it is reachable. */
const coverageColor: ExpressionSpecification = ['interpolate', ['linear'], ['get', 'coverage'], 0, '#c0162c', 0.5, '#e0a800', 1, '#1f7a3a'];

export const zoneLayers: LayerSpecification[] = [
  {
    id: 'zones-fill',
    type: 'fill',
    source: ZONES_SOURCE,
    paint: {
      'fill-color': ['case', ['get', 'selected'], ACCENT, hasCoverage, coverageColor, BLUE],
      'fill-opacity': ['case', ['get', 'selected'], 0.2, hasCoverage, 0.28, 0.08],
    },
  },
  {
    id: 'zones-line',
    type: 'line',
    source: ZONES_SOURCE,
    paint: {
      'line-color': ['case', ['get', 'selected'], ACCENT, ['==', ['get', 'coverage'], 0], '#c0162c', BLUE],
      'line-width': ['case', ['get', 'selected'], 2.5, ['==', ['get', 'coverage'], 0], 3, 1.2],
      'line-dasharray': ['case', ['==', ['get', 'coverage'], 0], ['literal', [2, 1]], ['literal', [1, 0]]],
    },
  },
  {
    id: 'zones-label',
    type: 'symbol',
    source: ZONES_SOURCE,
    // A polygon's label repeats in every tile it covers: useful framed, noise at street zoom.
    maxzoom: 14.5,
    layout: { 'text-field': ['get', 'label'], 'text-font': LABEL_FONT, 'text-size': 12 },
    paint: { 'text-color': '#2d4a5e', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
  },
];

/** Zones as features; with coverage, each carries its reachable share (0–1) and a label with it; without, -1. */
export function zoneFeatures(zones: readonly Zone[], selectedId?: string | null, coverage?: ReadonlyMap<string, ZoneCoverage>): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: zones.map((z) => {
      const c = coverage?.get(z.id);
      return {
        type: 'Feature',
        id: z.id,
        geometry: z.area,
        properties: {
          id: z.id,
          name: z.name,
          selected: z.id === selectedId,
          coverage: c ? c.reachableShare : -1,
          label: c ? `${z.name} · ${Math.round(c.reachableShare * 100)}% · ${c.onDuty}` : z.name,
        },
      };
    }),
  };
}

/** Adds the zone source and layers (below anything added later). */
export function addZoneLayers(map: MapLibreMap): void {
  map.addSource(ZONES_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  for (const layer of zoneLayers) map.addLayer(layer);
}

export function setZones(map: MapLibreMap, zones: readonly Zone[], selectedId?: string | null, coverage?: ReadonlyMap<string, ZoneCoverage>): void {
  void map.getSource<GeoJSONSource>(ZONES_SOURCE)?.setData(zoneFeatures(zones, selectedId, coverage));
}
