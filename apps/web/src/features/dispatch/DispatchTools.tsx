import type { ZoneCrossingMessage } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';

const SHORTCUTS = ['/', 'j', 'k', 'v', 'c', 'f', 'm', 'Escape', '?'] as const;

type Props = {
  located: number;
  crossings: ZoneCrossingMessage[];
  showCoverage: boolean;
  onCoverage: (on: boolean) => void;
  help: boolean;
  onHelp: (on: boolean) => void;
};

/** Above the queue: who shares a location, the coverage switch, the keyboard help, zone entries and exits. */
export function DispatchTools({ located, crossings, showCoverage, onCoverage, help, onHelp }: Props) {
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
        <button type="button" className="link small" onClick={() => onHelp(!help)} aria-expanded={help}>
          {t('triage.shortcuts')}
        </button>
      </div>
      {help && (
        <dl className="shortcuts small pad-x" data-testid="shortcuts">
          {SHORTCUTS.map((key) => (
            <div key={key}>
              <dt>
                <kbd>{key === 'Escape' ? 'Esc' : key}</kbd>
              </dt>
              <dd>{t(`triage.key.${key === '/' ? 'search' : key}`)}</dd>
            </div>
          ))}
        </dl>
      )}
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
