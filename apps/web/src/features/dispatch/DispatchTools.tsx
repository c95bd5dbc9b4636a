import type { ZoneCrossingMessage } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';

type Props = {
  located: number;
  crossings: ZoneCrossingMessage[];
  showCoverage: boolean;
  onCoverage: (on: boolean) => void;
  /** Opens the shortcuts dialog (ShortcutsDialog, on the page). */
  onHelp: () => void;
};

/** Above the queue: who shares a location, the coverage switch, the keyboard help, zone entries and exits. */
export function DispatchTools({ located, crossings, showCoverage, onCoverage, onHelp }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <div className="row between pad-x">
        <span className="small muted" data-testid="on-duty-located">
          {t('dispatch.locatedCount', { count: located })}
        </span>
        <label className="switch small">
          <input type="checkbox" role="switch" checked={showCoverage} onChange={() => onCoverage(!showCoverage)} data-testid="coverage-toggle" />
          <span>{t('coverage.show')}</span>
        </label>
        <button type="button" className="link small" onClick={onHelp} aria-haspopup="dialog">
          {t('triage.shortcuts')}
        </button>
      </div>
      {crossings.length > 0 && (
        <ul className="activity small pad-x" aria-label={t('dispatch.activity')} data-testid="activity">
          {crossings.map((c) => (
            <li key={`${c.responderId}-${c.zoneId}-${c.at}`}>
              {t(c.change === 'entered' ? 'dispatch.entered' : 'dispatch.exited', { alias: c.alias, zone: c.zoneName })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
