import type { MapInfo } from '@centinela/contracts';

export type MapTheme = 'light' | 'dark';

type Palette = {
  land: string;
  water: string;
  park: string;
  building: string;
  casing: string;
  major: string;
  road: string;
  minor: string;
  path: string;
  label: string;
  halo: string;
  place: string;
  placeLabel: string;
  locality: string;
};

/** Both themes keep labels at WCAG AA contrast over the land and road colours. */
const PALETTES: Record<MapTheme, Palette> = {
  light: {
    land: '#f3f1ec',
    water: '#a9cbe0',
    park: '#cfe5c3',
    building: '#e0dbd2',
    casing: '#c9c2b6',
    major: '#fbe3a7',
    road: '#ffffff',
    minor: '#ffffff',
    path: '#d8d2c6',
    label: '#2b2f33',
    halo: '#ffffff',
    place: '#6b3fa0',
    placeLabel: '#4b2a73',
    locality: '#3d4349',
  },
  dark: {
    land: '#1e2327',
    water: '#1d3a4f',
    park: '#23362a',
    building: '#2c3237',
    casing: '#11151a',
    major: '#6b5a2e',
    road: '#4a535b',
    minor: '#3b434a',
    path: '#39414a',
    label: '#e8ecef',
    halo: '#14181c',
    place: '#c6a4f0',
    placeLabel: '#dccbf7',
    locality: '#cfd6db',
  },
};

const FONT = ['Noto Sans Regular'];
/** Line width by zoom for a road class: thin at z10, street-wide at z18. */
const width = (z10: number, z18: number) => ['interpolate', ['exponential', 1.6], ['zoom'], 10, z10, 18, z18];

/**
 * The default MapLibre style for the imported street map: water, parks, buildings, streets with names and the
 * places that matter, readable from z10 to z18 in both themes. URLs are relative to this server (the web app
 * makes them absolute), so no request leaves it.
 */
export function mapStyle(map: MapInfo, theme: MapTheme): Record<string, unknown> {
  const c = PALETTES[theme];
  const roads = (id: string, classes: string[], colour: string, w: [number, number], minzoom: number, casing = false) => ({
    id: `${id}${casing ? '-casing' : ''}`,
    type: 'line',
    source: 'streets',
    'source-layer': 'roads',
    minzoom,
    filter: ['in', ['get', 'class'], ['literal', classes]],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': casing ? c.casing : colour, 'line-width': casing ? width(w[0] + 1, w[1] + 3) : width(w[0], w[1]) },
  });
  return {
    version: 8,
    name: `Centinela streets (${theme})`,
    metadata: { 'centinela:version': map.version },
    glyphs: '/glyphs/{fontstack}/{range}.pbf',
    sources: {
      streets: {
        type: 'vector',
        tiles: [`/api/map/tiles/{z}/{x}/{y}.mvt?v=${map.version}`],
        minzoom: 6,
        maxzoom: 16,
        bounds: map.bbox,
        attribution: '© OpenStreetMap contributors',
      },
    },
    layers: [
      { id: 'land', type: 'background', paint: { 'background-color': c.land } },
      { id: 'parks', type: 'fill', source: 'streets', 'source-layer': 'parks', paint: { 'fill-color': c.park } },
      { id: 'water', type: 'fill', source: 'streets', 'source-layer': 'water', paint: { 'fill-color': c.water } },
      { id: 'waterways', type: 'line', source: 'streets', 'source-layer': 'waterways', paint: { 'line-color': c.water, 'line-width': width(1, 6) } },
      {
        id: 'buildings',
        type: 'fill',
        source: 'streets',
        'source-layer': 'buildings',
        minzoom: 14,
        paint: { 'fill-color': c.building, 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 14, 0.4, 16, 1] },
      },
      roads('paths', ['path'], c.path, [0.5, 2], 15),
      roads('minor', ['minor', 'service'], c.minor, [0.5, 10], 13, true),
      roads('minor', ['minor', 'service'], c.minor, [0.5, 10], 13),
      roads('major', ['motorway', 'trunk', 'primary', 'secondary', 'tertiary'], c.major, [1, 16], 10, true),
      roads('major', ['motorway', 'trunk', 'primary', 'secondary', 'tertiary'], c.major, [1, 16], 10),
      {
        id: 'road-labels',
        type: 'symbol',
        source: 'streets',
        'source-layer': 'roads',
        minzoom: 13,
        filter: ['has', 'name'],
        layout: {
          'symbol-placement': 'line',
          'text-field': ['get', 'name'],
          'text-font': FONT,
          'text-size': ['interpolate', ['linear'], ['zoom'], 13, 10, 18, 14],
        },
        paint: { 'text-color': c.label, 'text-halo-color': c.halo, 'text-halo-width': 1.5 },
      },
      {
        id: 'places',
        type: 'circle',
        source: 'streets',
        'source-layer': 'places',
        minzoom: 14,
        filter: ['!=', ['get', 'category'], 'locality'],
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 14, 2.5, 18, 6],
          'circle-color': c.place,
          'circle-stroke-color': c.halo,
          'circle-stroke-width': 1,
        },
      },
      {
        id: 'place-labels',
        type: 'symbol',
        source: 'streets',
        'source-layer': 'places',
        minzoom: 15,
        filter: ['all', ['!=', ['get', 'category'], 'locality'], ['has', 'name']],
        layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 11, 'text-offset': [0, 0.9], 'text-anchor': 'top', 'text-optional': true },
        paint: { 'text-color': c.placeLabel, 'text-halo-color': c.halo, 'text-halo-width': 1.5 },
      },
      {
        id: 'locality-labels',
        type: 'symbol',
        source: 'streets',
        'source-layer': 'places',
        filter: ['==', ['get', 'category'], 'locality'],
        layout: {
          'text-field': ['get', 'name'],
          'text-font': FONT,
          'text-size': ['interpolate', ['linear'], ['zoom'], 10, 12, 16, 16],
          'text-transform': 'uppercase',
          'text-letter-spacing': 0.08,
        },
        paint: { 'text-color': c.locality, 'text-halo-color': c.halo, 'text-halo-width': 1.5, 'text-opacity': 0.8 },
      },
    ],
  };
}
