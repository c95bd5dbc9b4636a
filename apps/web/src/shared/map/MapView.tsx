import type { ClientConfig } from '@centinela/contracts';
import { Map as MapLibreMap, type MapMouseEvent, NavigationControl, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef } from 'react';
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
  onClick?: (event: MapMouseEvent) => void;
  className?: string;
  testId?: string;
};

/** A MapLibre map filling its container. Layers are added by the page in `onLoad` and fed with setData. */
export function MapView({ config, onLoad, onClick, className, testId = 'map' }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const onLoadRef = useRef(onLoad);
  const onClickRef = useRef(onClick);
  onLoadRef.current = onLoad;
  onClickRef.current = onClick;

  useEffect(() => {
    let map: MapLibreMap | undefined;
    let cancelled = false;
    void basemapStyle(config).then((style) => {
      if (cancelled || !container.current) return;
      map = new MapLibreMap({
        container: container.current,
        style,
        center: config.defaultCenter,
        zoom: config.defaultZoom,
        attributionControl: { compact: true },
      });
      map.addControl(new NavigationControl({ showCompass: false }), 'bottom-right');
      map.on('click', (event) => onClickRef.current?.(event));
      map.on('load', () => {
        window.centinelaMap = map;
        container.current?.setAttribute('data-loaded', 'true');
        onLoadRef.current(map!);
      });
    });
    return () => {
      cancelled = true;
      map?.remove();
      if (window.centinelaMap === map) delete window.centinelaMap;
    };
  }, [config]);

  return <div ref={container} className={className ?? 'map'} data-testid={testId} />;
}
