import type { AlertAudienceInput, Zone } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';

type Props = { audience: AlertAudienceInput; zones: Zone[]; onChange: (audience: AlertAudienceInput) => void; drillOnly: boolean };

/** Zones (and their neighbours), everyone, or the drill list — a drill's alert may go to the drill list only. */
export function AudiencePicker({ audience, zones, onChange, drillOnly }: Props) {
  const { t } = useTranslation();
  const picked = audience.kind === 'zones' ? audience.zoneIds : [];
  const toggle = (id: string) =>
    onChange({
      kind: 'zones',
      zoneIds: picked.includes(id) ? picked.filter((z) => z !== id) : [...picked, id],
      includeNeighbours: audience.kind === 'zones' ? audience.includeNeighbours : false,
    });
  if (drillOnly)
    return (
      <p className="hint" data-testid="audience-drill">
        <span className="badge drill">{t('drills.badge')}</span> {t('communityAlerts.audienceDrillOnly')}
      </p>
    );
  return (
    <fieldset className="audience" data-testid="audience">
      <legend>{t('communityAlerts.audience')}</legend>
      <div className="row wrap">
        {(['zones', 'everyone', 'drill'] as const).map((kind) => (
          <label key={kind} className="inline">
            <input
              type="radio"
              name="audience"
              checked={audience.kind === kind}
              onChange={() => onChange(kind === 'zones' ? { kind, zoneIds: picked, includeNeighbours: false } : { kind })}
              data-testid={`audience-${kind}`}
            />{' '}
            {t(`communityAlerts.audienceKinds.${kind}`)}
          </label>
        ))}
      </div>
      {audience.kind === 'zones' && (
        <>
          <div className="row wrap zone-picks">
            {zones.map((z) => (
              <label key={z.id} className="inline chip">
                <input type="checkbox" checked={picked.includes(z.id)} onChange={() => toggle(z.id)} data-testid={`zone-${z.name}`} /> {z.name}
              </label>
            ))}
          </div>
          <label className="inline">
            <input
              type="checkbox"
              checked={audience.includeNeighbours ?? false}
              onChange={(e) => onChange({ ...audience, includeNeighbours: e.target.checked })}
              data-testid="include-neighbours"
            />{' '}
            {t('communityAlerts.includeNeighbours')}
          </label>
        </>
      )}
    </fieldset>
  );
}
