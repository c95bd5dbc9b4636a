import type { FollowUp } from '@centinela/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client';
import { useLiveSocket } from '../../shared/socket/live';
import { Header } from '../../shared/ui/Header';
import { useFormat } from '../../shared/i18n/format';
import { usePageTitle } from '../../shared/ui/page-title';

/** After-action work that is due: family check-ins, legal referrals, follow-up visits. Overdue first. */
export function FollowUpsPage() {
  const { t } = useTranslation();
  usePageTitle(t('followUps.title'));
  const f = useFormat();
  const { status } = useLiveSocket();
  const [items, setItems] = useState<FollowUp[]>([]);
  const [mine, setMine] = useState(false);
  const [hours, setHours] = useState(72);
  const load = useCallback(() => void api<FollowUp[]>('GET', `/api/follow-ups?hours=${hours}&mine=${mine}`).then(setItems), [hours, mine]);
  useEffect(load, [load]);
  const done = async (item: FollowUp) => {
    await api('PATCH', `/api/follow-ups/${item.id}`, { done: true });
    load();
  };
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
        {items.length === 0 ? (
          <p className="muted">{t('followUps.none')}</p>
        ) : (
          <table className="roster-table" data-testid="follow-ups-due">
            <tbody>
              {items.map((item) => (
                <tr key={item.id} className={Date.parse(item.dueAt) < now ? 'overdue' : ''}>
                  <td>{t(`followUp.${item.kind}`)}</td>
                  <td>{item.note}</td>
                  <td>{item.assignee?.username ?? '—'}</td>
                  <td>{f.dateTime(item.dueAt)}</td>
                  <td>
                    <button type="button" onClick={() => void done(item)}>
                      {t('followUps.done')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
    </div>
  );
}
