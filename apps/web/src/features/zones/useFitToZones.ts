import type { Zone } from '@centinela/contracts';
import { bboxOf } from '@centinela/geo';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef } from 'react';

/**
 * Frames the network's zones once, when the map and the zones are first both there, with room at the top for the
 * place search that floats over the map (and the town's name the basemap shows just above the zones).
 */
export function useFitToZones(map: MapLibreMap | null, zones: readonly Zone[]): void {
  const framed = useRef(false);
  useEffect(() => {
    if (!map || zones.length === 0 || framed.current) return;
    framed.current = true;
    const boxes = zones.map((z) => bboxOf(z.area));
    const bounds: [number, number, number, number] = [
      Math.min(...boxes.map((b) => b[0])),
      Math.min(...boxes.map((b) => b[1])),
      Math.max(...boxes.map((b) => b[2])),
      Math.max(...boxes.map((b) => b[3])),
    ];
    map.fitBounds(bounds, { padding: { top: 96, bottom: 40, left: 40, right: 40 }, duration: 0, maxZoom: 15 });
    map.getContainer().dataset.framed = 'true';
  }, [map, zones]);
}
