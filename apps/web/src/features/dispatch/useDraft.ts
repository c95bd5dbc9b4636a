import { type Map as MapLibreMap, Marker } from 'maplibre-gl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { reverseGeocode } from '../geocoding/geocode';

/** What the place is called, offered to the form: it fills the description unless the dispatcher typed their own. */
export type Suggestion = { text: string; nonce: number };
export type Draft = { at: [number, number]; suggestion: Suggestion | null };

const round = (n: number) => Number(n.toFixed(6));
let nonce = 0;

/**
 * The pin of a sighting being logged: placed by a search answer (with its name), a click or a drag (named by
 * reverse geocoding when the map has streets). Moving it never resets the form.
 */
export function useDraft(map: MapLibreMap | null, streetMap: boolean) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const latest = useRef<[number, number] | null>(null);

  const place = useCallback(
    (at: [number, number], label?: string) => {
      const point: [number, number] = [round(at[0]), round(at[1])];
      latest.current = point;
      setDraft((prev) => ({ at: point, suggestion: label ? { text: label, nonce: ++nonce } : (prev?.suggestion ?? null) }));
      if (label || !streetMap) return;
      void reverseGeocode(point).then(
        (found) => {
          if (!found || latest.current !== point) return;
          setDraft((prev) => (prev?.at === point ? { ...prev, suggestion: { text: found.label, nonce: ++nonce } } : prev));
        },
        () => undefined,
      );
    },
    [streetMap],
  );
  const clear = useCallback(() => {
    latest.current = null;
    setDraft(null);
  }, []);

  const at = draft?.at;
  useEffect(() => {
    if (!map || !at) return;
    const marker = new Marker({ color: '#7a1f2b', draggable: true }).setLngLat(at).addTo(map);
    marker.getElement().dataset.testid = 'draft-pin';
    marker.on('dragend', () => {
      const { lng, lat } = marker.getLngLat();
      place([lng, lat]);
    });
    return () => void marker.remove();
  }, [map, at, place]);

  return { draft, place, clear };
}
