import type { ShiftTemplate } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';

export type Viewer = { userId: string; role: 'coordinator' | 'dispatcher' | 'responder' };
export type ShiftActions = {
  run(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): void;
  busy: boolean;
  people: { userId: string; name: string; role: string }[];
};

const mayTake = (shift: ShiftTemplate, viewer: Viewer) => (shift.role === 'operator' ? viewer.role !== 'responder' : viewer.role === 'responder');
const eligible = (shift: ShiftTemplate, role: string) => (shift.role === 'operator' ? role === 'dispatcher' || role === 'coordinator' : role === 'responder');

/** One weekly shift: its hours, who is on it, and what the viewer can do with it. */
export function ShiftCard({ shift, viewer, actions }: { shift: ShiftTemplate; viewer: Viewer; actions: ShiftActions }) {
  const { t } = useTranslation();
  const mine = shift.assignees.find((a) => a.userId === viewer.userId);
  const coordinator = viewer.role === 'coordinator';
  const free = actions.people.filter((p) => eligible(shift, p.role) && !shift.assignees.some((a) => a.userId === p.userId));
  return (
    <li className={`shift-card ${shift.role}${shift.peak ? ' peak' : ''}${shift.open ? ' open' : ''}`} data-testid="shift-card">
      <div className="row between">
        <strong dir="ltr">
          {shift.start}–{shift.end}
        </strong>
        {shift.peak && <span className="badge peak-badge">{t('shifts.peak')}</span>}
      </div>
      <div className="small">
        {t(`shifts.role.${shift.role}`)}
        {shift.zoneName && ` · ${shift.zoneName}`}
        {' · '}
        {t('shifts.staffing', { assigned: shift.assignees.length, needed: shift.minStaff })}
      </div>
      <ul className="plain assignees">
        {shift.assignees.map((a) => (
          <li key={a.assignmentId} className="row between wrap">
            <span>
              {/* A responder is not shown staff logins: the API sends no name, the card says "Operator". */}
              {a.name || t('hotline.operator')}
              {a.offered && <span className="badge offered">{t('shifts.offered')}</span>}
            </span>
            <span className="row">
              {a.userId === viewer.userId && (
                <button
                  type="button"
                  className="small"
                  disabled={actions.busy}
                  onClick={() => actions.run(a.offered ? 'DELETE' : 'PUT', `/api/shifts/assignments/${a.assignmentId}/offer`)}
                >
                  {a.offered ? t('shifts.withdraw') : t('shifts.offer')}
                </button>
              )}
              {a.offered && a.userId !== viewer.userId && !mine && mayTake(shift, viewer) && (
                <button
                  type="button"
                  className="small"
                  disabled={actions.busy}
                  onClick={() => actions.run('POST', `/api/shifts/assignments/${a.assignmentId}/take`)}
                >
                  {t('shifts.take')}
                </button>
              )}
              {(a.userId === viewer.userId || coordinator) && (
                <button
                  type="button"
                  className="small link"
                  disabled={actions.busy}
                  onClick={() => actions.run('DELETE', `/api/shifts/assignments/${a.assignmentId}`)}
                >
                  {a.userId === viewer.userId ? t('shifts.leave') : t('shifts.remove')}
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
      {shift.open && <div className="small open-note">{t('shifts.openSlots', { count: shift.minStaff - shift.assignees.length })}</div>}
      <div className="row wrap">
        {shift.open && !mine && mayTake(shift, viewer) && (
          <button
            type="button"
            className="small primary"
            disabled={actions.busy}
            onClick={() => actions.run('POST', `/api/shifts/${shift.id}/sign-up`)}
            data-testid="sign-up"
          >
            {t('shifts.signUp')}
          </button>
        )}
        {coordinator && free.length > 0 && (
          <select
            className="small"
            aria-label={t('shifts.assign')}
            value=""
            disabled={actions.busy}
            onChange={(e) => e.target.value && actions.run('POST', `/api/shifts/${shift.id}/assignments`, { userId: e.target.value })}
            data-testid="assign"
          >
            <option value="">{t('shifts.assign')}</option>
            {free.map((p) => (
              <option key={p.userId} value={p.userId}>
                {p.name}
              </option>
            ))}
          </select>
        )}
        {coordinator && (
          <button
            type="button"
            className="small link"
            disabled={actions.busy}
            onClick={() => window.confirm(t('shifts.confirmDelete')) && actions.run('DELETE', `/api/shifts/${shift.id}`)}
          >
            {t('shifts.deleteShift')}
          </button>
        )}
      </div>
    </li>
  );
}
