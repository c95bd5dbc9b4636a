import type { DailyLog } from '@centinela/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, describeError } from '../../shared/api/client';
import { sessionStore } from '../../shared/api/session-store';
import { useFormat } from '../../shared/i18n/format';
import { Header } from '../../shared/ui/Header';

/** The daily log of a day: every call, report, incident, dispatch and outcome, printable and as CSV. */
export function DailyLogPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? new Date().toISOString().slice(0, 10);
  const [log, setLog] = useState<DailyLog | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<DailyLog>('GET', `/api/metrics/daily-log?date=${date}`).then(
      (l) => {
        setLog(l);
        setError(null);
      },
      (e: unknown) => setError(describeError(e)),
    );
  }, [date]);
  const csv = async () => {
    const response = await fetch(`/api/metrics/daily-log.csv?date=${date}`, { headers: { authorization: `Bearer ${sessionStore.get()?.accessToken ?? ''}` } });
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `centinela-log-${date}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="zones-page">
      <Header />
      <main className="roster-page daily-log">
        <div className="row between wrap no-print">
          <h1>{t('dailyLog.title')}</h1>
          <input type="date" value={date} onChange={(e) => setParams({ date: e.target.value })} aria-label={t('dailyLog.date')} />
          <button type="button" onClick={() => void csv()}>
            {t('dailyLog.csv')}
          </button>
          <button type="button" onClick={() => window.print()}>
            {t('dailyLog.print')}
          </button>
        </div>
        <h2 className="print-only">
          Centinela · {t('dailyLog.title')} · {f.date(`${date}T12:00:00Z`, 'UTC')}
        </h2>
        {error && <p className="error">{error}</p>}
        {log && (
          <>
            <p className="small muted">{t('dailyLog.summary', { count: log.entries.length, timeZone: log.timeZone })}</p>
            <table className="roster-table log-table" data-testid="daily-log">
              <thead>
                <tr>
                  <th>{t('dailyLog.time')}</th>
                  <th>{t('dailyLog.kind')}</th>
                  <th>{t('dailyLog.incident')}</th>
                  <th>{t('dailyLog.channel')}</th>
                  <th>{t('dailyLog.zones')}</th>
                  <th>{t('dailyLog.by')}</th>
                  <th>{t('dailyLog.what')}</th>
                </tr>
              </thead>
              <tbody>
                {log.entries.map((e, i) => (
                  <tr key={i} className={e.drill ? 'drill' : ''}>
                    <td>{f.time(e.at, log.timeZone)}</td>
                    <td>{t(`dailyLog.kinds.${e.kind}`)}</td>
                    <td className="mono">{e.incident}</td>
                    <td>{e.channel ? t(`channel.${e.channel}`) : ''}</td>
                    <td>{e.zones}</td>
                    <td>{e.actor === 'public report' ? t('dailyLog.publicReport') : e.actor === 'automatic' ? t('dailyLog.automatic') : e.actor}</td>
                    <td dir="auto">
                      {e.summary}
                      {e.drill && <span className="badge">{t('dailyLog.drill')}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </main>
    </div>
  );
}
