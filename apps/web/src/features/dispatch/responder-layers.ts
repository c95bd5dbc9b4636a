import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { LABEL_FONT } from '../../shared/map/basemap';
import type { LocatedResponder } from './useLiveResponders';

export const RESPONDERS_SOURCE = 'responders';

export const responderLayers: LayerSpecification[] = [
  {
    id: 'responders',
    type: 'circle',
    source: RESPONDERS_SOURCE,
    paint: { 'circle-radius': 5, 'circle-color': '#1f6fb2', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
  },
  {
    id: 'responders-label',
    type: 'symbol',
    source: RESPONDERS_SOURCE,
    minzoom: 13,
    layout: { 'text-field': ['get', 'alias'], 'text-font': LABEL_FONT, 'text-size': 11, 'text-offset': [0, 1.1], 'text-anchor': 'top' },
    paint: { 'text-color': '#1f4f7a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
  },
];

export function addResponderLayers(map: MapLibreMap): void {
  map.addSource(RESPONDERS_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  for (const layer of responderLayers) map.addLayer(layer);
}

export function setResponders(map: MapLibreMap, located: readonly LocatedResponder[]): void {
  const data: FeatureCollection = {
    type: 'FeatureCollection',
    features: located.map((r) => ({
      type: 'Feature',
      id: r.id,
      geometry: { type: 'Point', coordinates: r.coordinates },
      properties: { id: r.id, alias: r.alias },
    })),
  };
  void map.getSource<GeoJSONSource>(RESPONDERS_SOURCE)?.setData(data);
}
