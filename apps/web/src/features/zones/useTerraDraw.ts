import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';

const ACCENT = '#7a1f2b';

/**
 * terra-draw on a map, created once per map: a polygon mode to draw zones and a select mode to reshape
 * them (drag vertices, add them at midpoints, delete them). The page switches modes; 'static' is idle.
 */
export function useTerraDraw(map: MapLibreMap | null): TerraDraw | null {
  const [draw, setDraw] = useState<TerraDraw | null>(null);
  useEffect(() => {
    if (!map) return;
    const instance = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map }),
      modes: [
        new TerraDrawPolygonMode({ styles: { fillColor: ACCENT, outlineColor: ACCENT, fillOpacity: 0.2, outlineWidth: 2 } }),
        new TerraDrawSelectMode({
          flags: { polygon: { feature: { draggable: true, coordinates: { midpoints: true, draggable: true, deletable: true } } } },
        }),
      ],
    });
    instance.start();
    setDraw(instance);
    return () => {
      instance.stop();
      setDraw(null);
    };
  }, [map]);
  return draw;
}
