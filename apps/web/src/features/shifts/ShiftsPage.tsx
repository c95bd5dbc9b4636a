import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client';
import { useSession } from '../../shared/api/session';
import { useLiveSocket } from '../../shared/socket/live';
import { Header } from '../../shared/ui/Header';
import { usePageTitle } from '../../shared/ui/page-title';
import { GapList } from './components/GapList';
import { MyShiftSettings } from './components/MyShiftSettings';
import { OperatorThread } from './components/OperatorThread';
import type { ShiftActions } from './components/ShiftCard';
import { ShiftForm } from './components/ShiftForm';
import { WeekView } from './components/WeekView';
import { useShiftAction } from './hooks/useShiftAction';
import { useWeek } from './hooks/useWeek';
import './shifts.css';

const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** The weekly shift schedule: coordinators build it; operators and responders sign up, swap, and get it in their calendar. */
export function ShiftsPage() {
  const { t } = useTranslation();
  usePageTitle(t('shifts.title'));
  const session = useSession();
  const { socket, status } = useLiveSocket();
  const { week, error, reload } = useWeek(socket);
  const action = useShiftAction(reload);
  const [people, setPeople] = useState<ShiftActions['people']>([]);
  const [adding, setAdding] = useState(false);
  const role = session?.user.role;
  useEffect(() => {
    if (role === 'coordinator') api<ShiftActions['people']>('GET', '/api/shifts/people').then(setPeople, () => setPeople([]));
  }, [role]);
  if (!session || !role) return null;
  const viewer = { userId: session.user.id, role };
  return (
    <div className="zones-page">
      <Header status={status} />
      <main id="main" className="roster-page shifts-page">
        <div className="row between wrap">
          <h1>{t('shifts.title')}</h1>
          {role === 'coordinator' && (
            <button type="button" onClick={() => setAdding(!adding)} data-testid="toggle-shift-form">
              {adding ? t('common.close') : t('shifts.addShift')}
            </button>
          )}
        </div>
        {week && (
          <p className="small muted">
            {t('shifts.timeZone', { zone: week.timeZone })}{' '}
            {week.peakWindows.length > 0 && (
              <span className="peak-legend">
                {t('shifts.peakWindows')} <span dir="ltr">{week.peakWindows.map((w) => `${hour(w.from)}–${hour(w.to % 24)}`).join(', ')}</span>
              </span>
            )}
          </p>
        )}
        {adding && <ShiftForm onSaved={reload} />}
        {(error ?? action.error) && <p className="error">{error ?? action.error}</p>}
        {week && <WeekView week={week} viewer={viewer} actions={{ run: action.run, busy: action.busy, people }} />}
        {week && role !== 'responder' && (
          <section className="card">
            <h2>{t('shifts.gaps')}</h2>
            <GapList gaps={week.gaps} />
          </section>
        )}
        <div className="shifts-side">
          <MyShiftSettings responder={role === 'responder'} />
          {role !== 'responder' && <OperatorThread socket={socket} />}
        </div>
      </main>
    </div>
  );
}
