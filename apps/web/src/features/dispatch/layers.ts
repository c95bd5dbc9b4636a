import type { Sighting } from '@centinela/contracts';
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { LABEL_FONT } from '../../shared/map/basemap';

export const SIGHTINGS_SOURCE = 'sightings';
export const SIGHTINGS_LAYER = 'sightings';

import { statusColors } from '../incidents/colors';
import { NEW_FOR_MS } from '../incidents/useIncidents';

const colorByStatus = ['match', ['get', 'status'], ...Object.entries(statusColors).flat(), '#444'] as unknown as ExpressionSpecification;

const single: ExpressionSpecification = ['!', ['has', 'point_count']];

export const sightingLayers: LayerSpecification[] = [
  {
    // Overlapping sightings at city zoom: one disc with how many, in the colour of the most urgent.
    id: 'sightings-clusters',
    type: 'circle',
    source: SIGHTINGS_SOURCE,
    filter: ['has', 'point_count'],
    paint: {
      'circle-radius': ['step', ['get', 'point_count'], 13, 5, 16, 20, 20],
      'circle-color': ['case', ['>', ['get', 'unverified'], 0], statusColors.reported, statusColors.confirmed],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  },
  {
    id: 'sightings-cluster-count',
    type: 'symbol',
    source: SIGHTINGS_SOURCE,
    filter: ['has', 'point_count'],
    layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-font': LABEL_FONT, 'text-size': 12, 'text-allow-overlap': true },
    paint: { 'text-color': '#ffffff' },
  },
  {
    id: 'sightings-halo',
    type: 'circle',
    source: SIGHTINGS_SOURCE,
    filter: ['all', single, ['==', ['get', 'isNew'], true]],
    paint: { 'circle-radius': 18, 'circle-color': colorByStatus, 'circle-opacity': 0.25, 'circle-stroke-color': colorByStatus, 'circle-stroke-width': 2 },
  },
  {
    id: SIGHTINGS_LAYER,
    type: 'circle',
    source: SIGHTINGS_SOURCE,
    filter: single,
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
  map.addSource(SIGHTINGS_SOURCE, {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
    // Clusters only at city zoom; from z13 a dispatcher sees every sighting.
    cluster: true,
    clusterMaxZoom: 12,
    clusterRadius: 30,
    clusterProperties: { unverified: ['+', ['case', ['in', ['get', 'status'], ['literal', ['reported', 'verifying']]], 1, 0]] },
  });
  for (const layer of sightingLayers) map.addLayer(layer);
}

export function setSightings(map: MapLibreMap, data: FeatureCollection): void {
  void map.getSource<GeoJSONSource>(SIGHTINGS_SOURCE)?.setData(data);
}
