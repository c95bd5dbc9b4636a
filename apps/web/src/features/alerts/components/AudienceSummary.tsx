import type { AlertAudience } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../shared/i18n/format';
import { useZones } from '../../zones/useZones';

/** Who an alert goes to, for the person approving it: the zones by name (and whether their neighbours too), everyone, or the drill list. */
export function AudienceSummary({ audience }: { audience: AlertAudience }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { zones } = useZones(null);
  const picked = audience.kind === 'zones' ? zones.filter((z) => audience.zoneIds.includes(z.id)).map((z) => z.name) : [];
  const who = audience.kind === 'zones' ? f.list(picked, 'conjunction') : t(`communityAlerts.audienceKinds.${audience.kind}`);
  return (
    <div data-testid="approval-audience" data-kind={audience.kind}>
      <p>
        <strong>{t('communityAlerts.audienceTo', { audience: who })}</strong>
      </p>
      {audience.kind === 'zones' &&
        (audience.includeNeighbours ? (
          <p className="hint" data-testid="approval-neighbours" data-included="true">
            {t('communityAlerts.neighboursIncluded')}
          </p>
        ) : (
          <p className="small muted" data-testid="approval-neighbours" data-included="false">
            {t('communityAlerts.neighboursExcluded')}
          </p>
        ))}
    </div>
  );
}
