import type { FollowUp } from '@centinela/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, describeError } from '../../shared/api/client';
import { useFormat } from '../../shared/i18n/format';
import { useLiveSocket } from '../../shared/socket/live';
import { Header } from '../../shared/ui/Header';
import { usePageTitle } from '../../shared/ui/page-title';
import { TableScroll } from '../../shared/ui/TableScroll';
import { useIncidentTitles } from './useIncidentTitles';

/**
 * After-action work that is due: family check-ins, legal referrals, follow-up visits. Overdue first. Each names its
 * incident (a link that opens it on the live map); "Done" can be undone from the line that says it was done.
 */
export function FollowUpsPage() {
  const { t } = useTranslation();
  usePageTitle(t('followUps.title'));
  const f = useFormat();
  const { status } = useLiveSocket();
  const [items, setItems] = useState<FollowUp[]>([]);
  const [mine, setMine] = useState(false);
  const [hours, setHours] = useState(72);
  /** The follow-up last marked done here, offered back with "Undo". */
  const [lastDone, setLastDone] = useState<FollowUp | null>(null);
  const [error, setError] = useState<string | null>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  const titles = useIncidentTitles(items.map((i) => i.incidentId));
  const load = useCallback(() => void api<FollowUp[]>('GET', `/api/follow-ups?hours=${hours}&mine=${mine}`).then(setItems), [hours, mine]);
  useEffect(load, [load]);

  const setDone = async (item: FollowUp, done: boolean) => {
    setError(null);
    try {
      await api('PATCH', `/api/follow-ups/${item.id}`, { done });
      setLastDone(done ? item : null);
      load();
    } catch (e) {
      setError(describeError(e));
    }
  };
  // The Done button leaves with its row: focus goes to Undo, which says what was done.
  useEffect(() => {
    if (lastDone) undoRef.current?.focus();
  }, [lastDone]);

  const now = Date.now();
  return (
    <div className="zones-page">
      <Header status={status} />
      <main id="main" className="roster-page">
        <div className="row between">
          <h1>{t('followUps.title')}</h1>
          <label className="switch small">
            <input type="checkbox" checked={mine} onChange={() => setMine(!mine)} />
            <span>{t('followUps.mine')}</span>
          </label>
          <select value={hours} onChange={(e) => setHours(Number(e.target.value))} aria-label={t('followUps.within')}>
            {[24, 72, 168, 720].map((h) => (
              <option key={h} value={h}>
                {t('followUps.withinDays', { count: Math.round(h / 24) })}
              </option>
            ))}
          </select>
        </div>
        <div role="status" className="row wrap" data-testid="follow-up-done-notice">
          {lastDone && (
            <>
              <span>{t('followUps.markedDone', { what: t(`followUp.${lastDone.kind}`) })}</span>
              <button type="button" ref={undoRef} onClick={() => void setDone(lastDone, false)}>
                {t('followUps.undo')}
              </button>
            </>
          )}
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {items.length === 0 ? (
          <p className="muted">{t('followUps.none')}</p>
        ) : (
          <TableScroll label={t('followUps.title')}>
            <table className="roster-table" data-testid="follow-ups-due">
              <thead>
                <tr>
                  <th scope="col">{t('followUps.column.kind')}</th>
                  <th scope="col">{t('followUps.column.note')}</th>
                  <th scope="col">{t('followUps.column.incident')}</th>
                  <th scope="col">{t('followUps.column.assignee')}</th>
                  <th scope="col">{t('followUps.column.due')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('followUps.column.action')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id} className={Date.parse(item.dueAt) < now ? 'overdue' : ''} data-testid={`follow-up-${item.id}`}>
                    <td>{t(`followUp.${item.kind}`)}</td>
                    <td>{item.note}</td>
                    <td>
                      <Link to={`/dispatch?incident=${item.incidentId}`} data-testid="follow-up-incident">
                        {titles.get(item.incidentId) ?? t('followUps.openIncident')}
                      </Link>
                    </td>
                    <td>{item.assignee?.username ?? '—'}</td>
                    <td>{f.dateTime(item.dueAt)}</td>
                    <td>
                      <button type="button" onClick={() => void setDone(item, true)}>
                        {t('followUps.done')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </main>
    </div>
  );
}
