import type { IncidentView, Zone, ZoneCoverage } from '@centinela/contracts';
import { type Map as MapLibreMap, Popup } from 'maplibre-gl';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { textPopup } from '../../shared/map/popup';
import { latestSighting } from '../incidents/useIncidents';
import { setZones } from '../zones/zone-layers';
import { useFitToZones } from '../zones/useFitToZones';
import { setSightings, sightingFeatures } from './layers';
import { setResponders } from './responder-layers';
import type { LocatedResponder } from './useLiveResponders';

type Layers = {
  zones: readonly Zone[];
  /** Coverage per zone, drawn when given. */
  coverage: ReadonlyMap<string, ZoneCoverage> | undefined;
  located: readonly LocatedResponder[];
  incidents: readonly IncidentView[];
  selected: IncidentView | undefined;
  now: number;
};

/** What the dispatch map shows, kept in step with the live state: zones, responders, sightings, the selected incident's popup. */
export function useDispatchMapLayers(map: MapLibreMap | null, { zones, coverage, located, incidents, selected, now }: Layers): void {
  const { t } = useTranslation();
  useEffect(() => {
    if (map) setZones(map, zones, null, coverage);
  }, [map, zones, coverage]);
  useFitToZones(map, zones);
  useEffect(() => {
    if (map) setResponders(map, located);
  }, [map, located]);

  const minute = Math.floor(now / 30_000); // "new" changes by the minute; no need to redraw every second
  const selectedId = selected?.incident.id ?? null;
  const features = useMemo(
    () =>
      sightingFeatures(
        incidents.flatMap((v) => v.sightings),
        minute * 30_000,
        selectedId,
      ),
    [incidents, minute, selectedId],
  );
  useEffect(() => {
    if (map) setSightings(map, features);
  }, [map, features]);

  // A popup over the selected incident; its text is set as text, never as HTML.
  const head = selected ? latestSighting(selected) : null;
  useEffect(() => {
    if (!map || !selected || !head) return;
    const popup = new Popup({ closeButton: false, offset: 12, maxWidth: '280px' })
      .setLngLat(selected.incident.location.coordinates as [number, number])
      .setDOMContent(textPopup(`${t(`activity.${head.activity}`)} · ${t(`agency.${head.agency}`)}`, [head.locationDescription, head.notes]))
      .addTo(map);
    return () => void popup.remove();
  }, [map, selected, head, t]);
}
