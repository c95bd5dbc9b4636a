import type { IncidentStatus, Sighting } from '@centinela/contracts';
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';

export const SIGHTINGS_SOURCE = 'sightings';
export const SIGHTINGS_LAYER = 'sightings';

/** One colour per status: warm for unresolved, red for confirmed, grey for what turned out to be nothing. */
export const statusColors: Record<IncidentStatus, string> = {
  reported: '#e07b00',
  verifying: '#2563eb',
  confirmed: '#c0162c',
  other_agency: '#7c3aed',
  false_alarm: '#8a8a8a',
  unverifiable: '#5b6470',
  resolved: '#3f6b4f',
};

/** How long a sighting counts as new and gets a halo. */
export const NEW_FOR_MS = 10 * 60_000;

const colorByStatus = ['match', ['get', 'status'], ...Object.entries(statusColors).flat(), '#444'] as unknown as ExpressionSpecification;

export const sightingLayers: LayerSpecification[] = [
  {
    id: 'sightings-halo',
    type: 'circle',
    source: SIGHTINGS_SOURCE,
    filter: ['==', ['get', 'isNew'], true],
    paint: { 'circle-radius': 18, 'circle-color': colorByStatus, 'circle-opacity': 0.25, 'circle-stroke-color': colorByStatus, 'circle-stroke-width': 2 },
  },
  {
    id: SIGHTINGS_LAYER,
    type: 'circle',
    source: SIGHTINGS_SOURCE,
    paint: {
      'circle-radius': ['case', ['get', 'selected'], 10, 7],
      'circle-color': colorByStatus,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  },
];

/** Every sighting as a dot in its incident's colour; the selected incident's dots are larger. */
export function sightingFeatures(sightings: readonly Sighting[], now: number, selectedIncidentId: string | null): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: sightings.map((sighting) => ({
      type: 'Feature',
      id: sighting.id,
      geometry: sighting.location,
      properties: {
        id: sighting.id,
        incidentId: sighting.incidentId,
        status: sighting.status,
        isNew: now - Date.parse(sighting.reportedAt) < NEW_FOR_MS,
        selected: sighting.incidentId === selectedIncidentId,
      },
    })),
  };
}

export function addSightingLayers(map: MapLibreMap): void {
  map.addSource(SIGHTINGS_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  for (const layer of sightingLayers) map.addLayer(layer);
}

export function setSightings(map: MapLibreMap, data: FeatureCollection): void {
  void map.getSource<GeoJSONSource>(SIGHTINGS_SOURCE)?.setData(data);
}
