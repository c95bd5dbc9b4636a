import type { ClientConfig } from '@centinela/contracts';
import { Map as MapLibreMap, type MapMouseEvent, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTheme } from '../ui/theme';
import { basemapStyle } from './basemap';

setWorkerUrl(workerUrl);

declare global {
  // Declaration merging with the DOM's Window needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    /** The page's map, for debugging in the console and for browser tests. */
    centinelaMap?: MapLibreMap;
  }
}

type Props = {
  config: ClientConfig;
  onLoad: (map: MapLibreMap) => void;
  /** The map is being rebuilt (theme change) or removed: drop references to it. */
  onUnload?: () => void;
  onClick?: (event: MapMouseEvent) => void;
  className?: string;
  testId?: string;
  /** Overlays drawn over the map (search box, legend). */
  children?: ReactNode;
};

/**
 * A MapLibre map filling its container, with a scale bar. Layers are added by the page in `onLoad` and fed with
 * setData; a theme change rebuilds the map (and `onLoad` adds the layers again).
 */
export function MapView({ config, onLoad, onUnload, onClick, className, testId = 'map', children }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const onLoadRef = useRef(onLoad);
  const onUnloadRef = useRef(onUnload);
  const onClickRef = useRef(onClick);
  onLoadRef.current = onLoad;
  onUnloadRef.current = onUnload;
  onClickRef.current = onClick;
  const theme = useTheme();
  const view = useRef<{ center: [number, number]; zoom: number } | null>(null);

  useEffect(() => {
    let map: MapLibreMap | undefined;
    let cancelled = false;
    const element = container.current;
    void basemapStyle(config, theme).then((style) => {
      if (cancelled || !element) return;
      const start = view.current ?? { center: config.defaultCenter, zoom: config.defaultZoom };
      // No label fade-in: each change (a new dot) would otherwise re-render frames for 300 ms, which a software renderer
      // or a weak laptop pays for in the time the dot takes to appear.
      map = new MapLibreMap({ container: element, style, center: start.center, zoom: start.zoom, attributionControl: { compact: true }, fadeDuration: 0 });
      map.addControl(new NavigationControl({ showCompass: false }), 'bottom-right');
      map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
      map.on('click', (event) => onClickRef.current?.(event));
      map.on('moveend', () => {
        const c = map!.getCenter();
        view.current = { center: [c.lng, c.lat], zoom: map!.getZoom() };
      });
      map.on('load', () => {
        window.centinelaMap = map;
        element.setAttribute('data-loaded', 'true');
        element.setAttribute('data-theme', theme);
        onLoadRef.current(map!);
      });
    });
    return () => {
      cancelled = true;
      onUnloadRef.current?.();
      element?.removeAttribute('data-loaded');
      map?.remove();
      if (window.centinelaMap === map) delete window.centinelaMap;
    };
  }, [config, theme]);

  return (
    <div className={`map-frame ${className ?? 'map'}`}>
      <div ref={container} className="map-canvas" data-testid={testId} />
      {children}
    </div>
  );
}
