import type { Metrics } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../shared/i18n/format';
import { TableScroll } from '../../../shared/ui/TableScroll';

/** Zones by hour of the day: how many incidents, and the share with someone on scene in time (darker: worse). */
export function CoverageTable({ coverage }: { coverage: Metrics['coverage'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const hours = Array.from({ length: 24 }, (_, h) => h);
  return (
    <TableScroll label={t('metrics.coverage')}>
      <table className="heatmap" data-testid="coverage-table">
        <thead>
          <tr>
            <th scope="col">{t('metrics.zone')}</th>
            {hours.map((h) => (
              <th key={h} scope="col">
                {f.number(h)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {coverage.map((z) => {
            const byHour = new Map(z.hours.map((h) => [h.hour, h]));
            return (
              <tr key={z.zoneId}>
                <th scope="row">{z.zoneName}</th>
                {hours.map((h) => {
                  const cell = byHour.get(h);
                  if (!cell) return <td key={h} />;
                  const share = cell.dispatched ? cell.onTime / cell.dispatched : null;
                  const title = t('metrics.coverageCell', { incidents: cell.incidents, dispatched: cell.dispatched, onTime: cell.onTime });
                  const level = share === null ? 'none' : share >= 0.75 ? 'good' : share >= 0.4 ? 'fair' : 'poor';
                  return (
                    <td key={h} className={`cov-${level}`} title={title}>
                      {f.number(cell.incidents)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="small muted">{t('metrics.coverageLegend')}</p>
    </TableScroll>
  );
}
