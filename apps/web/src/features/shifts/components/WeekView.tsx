import type { WeekSchedule } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../shared/i18n/format';
import { ShiftCard, type ShiftActions, type Viewer } from './ShiftCard';

const DAYS = [1, 2, 3, 4, 5, 6, 7];

/** The week as seven columns (one under another on a phone), each day's shifts by start time. */
export function WeekView({ week, viewer, actions }: { week: WeekSchedule; viewer: Viewer; actions: ShiftActions }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="week-grid" data-testid="week">
      {DAYS.map((day) => {
        const shifts = week.shifts.filter((s) => s.weekday === day);
        // A gap is one hour short for one role (and zone): the badge counts the hours, each once.
        const hoursShort = new Set(week.gaps.filter((g) => g.weekday === day).map((g) => g.hour)).size;
        return (
          <section key={day} className="week-day" aria-label={format.weekday(day)}>
            <h2>
              {format.weekday(day)}
              {hoursShort > 0 && (
                <span className="badge gap-badge" title={t('shifts.gapsTitle')} data-testid="gap-badge">
                  {t('shifts.gapCount', { count: hoursShort })}
                </span>
              )}
            </h2>
            {shifts.length === 0 && <p className="small muted">{t('shifts.noShifts')}</p>}
            <ul className="plain">
              {shifts.map((s) => (
                <ShiftCard key={s.id} shift={s} viewer={viewer} actions={actions} />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
