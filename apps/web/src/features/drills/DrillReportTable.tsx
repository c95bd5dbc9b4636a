import type { Drill } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../shared/i18n/format';
import { TableScroll } from '../../shared/ui/TableScroll';

/** Each step of the chain, its time from the drill's start, and where it falls against the 5–7 minute window. */
export function DrillReportTable({ drill }: { drill: Drill }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { report } = drill;
  return (
    <TableScroll label={`${t('drills.listTitle')}: ${f.dateTime(drill.startedAt)}`}>
      <table className="drill-report" data-testid={`drill-report-${drill.id}`}>
        <thead>
          <tr>
            <th>{t('drills.step')}</th>
            <th className="num">{t('drills.afterStart')}</th>
            <th>{t('drills.verdict')}</th>
          </tr>
        </thead>
        <tbody>
          {report.steps.map((s) => (
            <tr key={s.step} data-step={s.step} data-seconds={s.seconds ?? ''}>
              <td>{t(`drills.steps.${s.step}`)}</td>
              <td className="num">{f.duration(s.seconds)}</td>
              <td>
                <span className={`verdict ${s.verdict}`}>{t(`drills.verdicts.${s.verdict}`)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">{t('drills.window', { fast: f.duration(report.window.fastSeconds), limit: f.duration(report.window.limitSeconds) })}</p>
    </TableScroll>
  );
}
