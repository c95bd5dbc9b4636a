import type { IncidentStatus } from '@centinela/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { statusColors } from '../incidents/colors';

const SHOWN: IncidentStatus[] = ['reported', 'verifying', 'confirmed', 'other_agency', 'false_alarm'];

/** What the dots and shapes on the dispatch map mean; folds away. */
export function MapLegend({ coverage }: { coverage: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div className="map-legend" data-testid="legend">
      <button type="button" className="legend-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('legend.title')}
      </button>
      {open && (
        <ul className="plain small">
          {SHOWN.map((s) => (
            <li key={s}>
              <span className="swatch dot" style={{ background: statusColors[s] }} aria-hidden /> {t(`status.${s}`)}
            </li>
          ))}
          <li>
            <span className="swatch ring" aria-hidden /> {t('legend.new')}
          </li>
          <li>
            <span className="swatch cluster" aria-hidden>
              3
            </span>{' '}
            {t('legend.cluster')}
          </li>
          <li>
            <span className="swatch responder" aria-hidden /> {t('legend.responder')}
          </li>
          <li>
            <span className="swatch zone" aria-hidden /> {t('legend.zone')}
          </li>
          {coverage && (
            <li>
              <span className="swatch coverage" aria-hidden /> {t('legend.coverage')}
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
