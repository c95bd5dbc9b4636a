import type { ClientConfig } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/session';

/** For coordinators, while only the offline world map is there: one line saying how to import the city's streets. */
export function NoStreetMapHint({ config }: { config: ClientConfig | null }) {
  const { t } = useTranslation();
  const role = useSession()?.user.role;
  if (!config || config.streetMap || config.mapStyleUrl || role !== 'coordinator') return null;
  return (
    <p className="hint map-hint" data-testid="no-street-map">
      {t('map.noStreetsHint')} <code>npm run cli -- map:import &lt;city.osm.pbf&gt;</code>
    </p>
  );
}
