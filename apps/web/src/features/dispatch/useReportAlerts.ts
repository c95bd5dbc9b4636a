import type { Sighting, SightingView } from '@centinela/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LiveSocket, useLiveEvent } from '../../shared/socket/live';
import { announce } from '../../shared/ui/announce';
import { useTitleCount } from '../../shared/ui/page-title';
import { armChime, chime, notifyDesktop } from './report-alerts';

/**
 * New reports that nobody on this screen has looked at yet: counted in the tab title ("(2) Live map · Centinela"),
 * announced by a chime, read out by a screen reader and, if enabled and the tab is hidden, a desktop notification.
 * Looking at an incident (selecting it) marks it seen. Sightings this screen logged itself (`loggedHere`) are not news: the
 * socket's message may arrive before the answer to the request that made it, so they are told by where they are.
 */
export function useReportAlerts(socket: LiveSocket | null, loggedHere: (sighting: Sighting) => boolean) {
  const { t } = useTranslation();
  const [unseen, setUnseen] = useState<string[]>([]);

  useLiveEvent(socket, 'sighting.created', (view: SightingView) => {
    const { sighting } = view;
    if (loggedHere(sighting)) return;
    setUnseen((prev) => (prev.includes(sighting.incidentId) ? prev : [sighting.incidentId, ...prev]));
    chime();
    const details = [t(`activity.${sighting.activity}`), sighting.locationDescription || view.zones.map((z) => z.name).join(', ')].filter(Boolean).join(' · ');
    announce(t('alerts.newReportSaid', { details }));
    notifyDesktop(t('alerts.newReport'), details, sighting.incidentId);
  });

  useEffect(() => armChime(), []);

  useTitleCount(unseen.length);

  const seen = useCallback((incidentId: string) => setUnseen((prev) => (prev.includes(incidentId) ? prev.filter((id) => id !== incidentId) : prev)), []);
  const allSeen = useCallback(() => setUnseen([]), []);
  return { unseen, seen, allSeen };
}
