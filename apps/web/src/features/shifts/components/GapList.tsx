import type { ShiftGap } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../shared/i18n/format';

const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** Hours of the week with fewer people than the minimum, joined into runs (Fri 17:00–19:00, operators, 1 of 2). */
export function GapList({ gaps }: { gaps: ShiftGap[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const runs: (ShiftGap & { to: number })[] = [];
  for (const g of gaps) {
    const last = runs.findLast((r) => r.weekday === g.weekday && r.role === g.role && r.zoneId === g.zoneId && r.to === g.hour);
    if (last?.needed === g.needed && last.assigned === g.assigned) last.to = g.hour + 1;
    else runs.push({ ...g, to: g.hour + 1 });
  }
  if (runs.length === 0) return <p className="small ok-note">{t('shifts.noGaps')}</p>;
  return (
    <ul className="plain gap-list" data-testid="gaps">
      {runs.map((r) => (
        <li key={`${r.weekday}-${r.hour}-${r.role}-${r.zoneId ?? ''}`} className={r.peak ? 'peak' : ''}>
          <strong>
            {format.weekday(r.weekday)}{' '}
            <span dir="ltr">
              {hour(r.hour)}–{hour(r.to % 24)}
            </span>
          </strong>{' '}
          {t(`shifts.role.${r.role}`)}
          {r.zoneName && ` · ${r.zoneName}`} · {t('shifts.staffing', { assigned: r.assigned, needed: r.needed })}
          {r.peak && <span className="badge peak-badge">{t('shifts.peak')}</span>}
        </li>
      ))}
    </ul>
  );
}
