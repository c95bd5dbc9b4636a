import type { DailyLog, DailyLogFacts } from '@centinela/contracts';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, describeError } from '../../shared/api/client';
import { sessionStore } from '../../shared/api/session-store';
import { useFormat } from '../../shared/i18n/format';
import { Header } from '../../shared/ui/Header';
import { usePageTitle } from '../../shared/ui/page-title';

/** Who did it: people's names as they are, the actors that are not people in the reader's language. */
const ACTORS: Record<string, string> = { 'public report': 'dailyLog.publicReport', automatic: 'dailyLog.automatic', system: 'dailyLog.system' };
const actorName = (t: TFunction, actor: string): string => {
  const key = ACTORS[actor];
  return key ? t(key) : actor;
};

/** A line's details in the reader's language, from its facts (codes and numbers; directory names as they are). */
function details(t: TFunction, f: DailyLogFacts): string {
  const status = (s: string | null) => (s ? t(`status.${s}`, { defaultValue: s }) : '');
  switch (f.kind) {
    case 'sighting': {
      const size = f.agents !== null || f.vehicles !== null ? t('dailyLog.facts.size', { agents: f.agents ?? '?', vehicles: f.vehicles ?? '?' }) : '';
      const agency = f.agency && f.agency !== 'unknown' ? t(`agency.${f.agency}`, { defaultValue: f.agency }) : '';
      return [f.activity ? t(`activity.${f.activity}`, { defaultValue: f.activity }) : '', agency, size].filter(Boolean).join(' · ');
    }
    case 'incident':
      return t('dailyLog.facts.opened');
    case 'status':
    case 'verdict':
      return t('dailyLog.facts.change', { from: status(f.from), to: status(f.to) });
    case 'dispatch':
      return f.needs
        .map((n) => t('dailyLog.facts.need', { capability: t(`capability.${n.capability}`, { defaultValue: n.capability }), count: n.count }))
        .join(', ');
    case 'pings':
      return t('dailyLog.facts.pings', { pinged: f.pinged, accepted: f.accepted, onScene: f.onScene, declined: f.declined });
    case 'referral':
      return t('dailyLog.facts.referral', { organization: f.organization, service: f.service });
    case 'merged':
      return t('dailyLog.facts.merged', { incident: f.from });
  }
}

/** The daily log of a day: every call, report, incident, dispatch and outcome, printable and as CSV. */
export function DailyLogPage() {
  const { t } = useTranslation();
  usePageTitle(t('dailyLog.title'));
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
      <main id="main" className="roster-page daily-log">
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
                    <td>{actorName(t, e.actor)}</td>
                    <td dir="auto">
                      {details(t, e.facts)}
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
