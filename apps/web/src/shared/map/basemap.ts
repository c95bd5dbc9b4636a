import type { ClientConfig } from '@centinela/contracts';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import landUrl from 'world-atlas/land-50m.json?url';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import type { Theme } from '../ui/theme';

/** The font every label uses; its glyphs ship with the app (see vite.config.ts). */
export const LABEL_FONT = ['Noto Sans Regular'];

/**
 * Rings that cross the antimeridian (Antarctica, Fiji, Chukotka…) jump from +180 to -180 and would draw a
 * band across the whole map; shift each following point by 360° so the ring stays continuous.
 */
export function unwrapRing(ring: Position[]): Position[] {
  let offset = 0;
  return ring.map((point, i) => {
    if (i > 0) {
      const jump = point[0]! - ring[i - 1]![0]!;
      if (jump > 180) offset -= 360;
      else if (jump < -180) offset += 360;
    }
    return [point[0]! + offset, point[1]!];
  });
}

function unwrap(geometry: Polygon | MultiPolygon): Polygon | MultiPolygon {
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: geometry.coordinates.map(unwrapRing) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map(unwrapRing)) };
}

async function offlineWorld(): Promise<{ land: FeatureCollection; borders: Feature }> {
  const [landTopo, countriesTopo] = (await Promise.all([fetch(landUrl).then((r) => r.json()), fetch(countriesUrl).then((r) => r.json())])) as Topology[];
  const land = feature(landTopo!, landTopo!.objects.land as GeometryCollection) as FeatureCollection<Polygon | MultiPolygon>;
  const countries = countriesTopo!.objects.countries as GeometryCollection;
  return {
    land: { type: 'FeatureCollection', features: land.features.map((f) => ({ ...f, geometry: unwrap(f.geometry) })) },
    borders: { type: 'Feature', properties: {}, geometry: mesh(countriesTopo!, countries, (a, b) => a !== b) },
  };
}

const absolute = (url: string) => (url.startsWith('/') ? `${location.origin}${url}` : url);

/**
 * This server's street style (tiles from this origin, in the theme) with its URLs made absolute: map workers
 * cannot resolve relative ones.
 */
async function ownStyle(url: string, theme: Theme): Promise<StyleSpecification> {
  const style = (await fetch(`${url}?theme=${theme}`).then((r) => r.json())) as StyleSpecification;
  if (style.glyphs) style.glyphs = absolute(style.glyphs);
  for (const source of Object.values(style.sources)) {
    if ('tiles' in source && source.tiles) source.tiles = source.tiles.map(absolute);
  }
  return style;
}

/**
 * The basemap: this server's imported streets; a hosted style when MAP_STYLE_URL says so; otherwise an
 * offline world map (Natural Earth land and borders) that needs no network beyond this server.
 */
export async function basemapStyle(config: ClientConfig, theme: Theme): Promise<StyleSpecification | string> {
  if (config.mapStyleUrl?.startsWith('/')) return ownStyle(config.mapStyleUrl, theme);
  if (config.mapStyleUrl) return config.mapStyleUrl;
  const { land, borders } = await offlineWorld();
  const dark = theme === 'dark';
  return {
    version: 8,
    glyphs: `${location.origin}/glyphs/{fontstack}/{range}.pbf`,
    sources: {
      land: { type: 'geojson', data: land },
      borders: { type: 'geojson', data: borders },
    },
    layers: [
      { id: 'water', type: 'background', paint: { 'background-color': dark ? '#1d3a4f' : '#cfe0ea' } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': dark ? '#1e2327' : '#f3f1ec' } },
      { id: 'borders', type: 'line', source: 'borders', paint: { 'line-color': dark ? '#4a535b' : '#b9b2a6', 'line-width': 1 } },
    ],
  };
}
