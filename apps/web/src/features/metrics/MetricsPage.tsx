import type { Zone } from '@centinela/contracts';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../shared/api/client';
import { useFormat } from '../../shared/i18n/format';
import { Header } from '../../shared/ui/Header';
import { TableScroll } from '../../shared/ui/TableScroll';
import { usePageTitle } from '../../shared/ui/page-title';
import { hourOfWeekChart, outcomesChart, peakIndices, responseChart, weeklyChart } from './components/charts';
import { ChartCanvas, shadeCategories } from './components/ChartCanvas';
import { CoverageTable } from './components/CoverageTable';
import { type MetricsFilter, useMetrics } from './hooks/useMetrics';

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The network's numbers for coordinators: load, response times, outcomes, coverage, answer rates. Drills never count. */
export function MetricsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('metrics.title'));
  const f = useFormat();
  const [zones, setZones] = useState<Zone[]>([]);
  const [filter, setFilter] = useState<MetricsFilter>(() => ({ from: isoDay(Date.now() - 29 * 86_400_000), to: isoDay(Date.now()), zoneId: '' }));
  const { metrics: m, error } = useMetrics(filter);
  useEffect(() => void api<Zone[]>('GET', '/api/zones').then(setZones), []);
  const rtl = i18n.dir() === 'rtl';
  const options = useMemo(() => ({ t, rtl, locale: f.locale, weekday: f.weekday, date: (d: string) => f.date(`${d}T12:00:00Z`, 'UTC') }), [t, rtl, f]);
  const charts = useMemo(
    () =>
      m && { hours: hourOfWeekChart(m, options), response: responseChart(m, options), outcomes: outcomesChart(m, options), weekly: weeklyChart(m, options) },
    [m, options],
  );
  const peak = useMemo(() => (m ? shadeCategories(peakIndices(m)) : null), [m]);
  const hoursConfig = useMemo(() => charts && peak && { ...charts.hours, plugins: [peak] }, [charts, peak]);

  return (
    <div className="zones-page">
      <Header />
      <main id="main" className="roster-page metrics-page">
        <div className="row between wrap">
          <h1>{t('metrics.title')}</h1>
          <Link to={`/metrics/log?date=${filter.to}`}>{t('metrics.dailyLog')}</Link>
        </div>
        <form className="row wrap filters" onSubmit={(e) => e.preventDefault()} data-testid="metrics-filters">
          <label>
            {t('metrics.from')}
            <input type="date" value={filter.from} max={filter.to} onChange={(e) => setFilter({ ...filter, from: e.target.value })} />
          </label>
          <label>
            {t('metrics.to')}
            <input type="date" value={filter.to} min={filter.from} onChange={(e) => setFilter({ ...filter, to: e.target.value })} />
          </label>
          <label>
            {t('metrics.zone')}
            <select value={filter.zoneId} onChange={(e) => setFilter({ ...filter, zoneId: e.target.value })} data-testid="metrics-zone">
              <option value="">{t('metrics.allZones')}</option>
              {zones.map((z) => (
                <option key={z.id} value={z.id}>
                  {z.name}
                </option>
              ))}
            </select>
          </label>
          <span className="small muted">{t('metrics.drillsExcluded')}</span>
        </form>
        {error && <p className="error">{error}</p>}
        {m && charts && hoursConfig && (
          <>
            <div className="stat-row" data-testid="metrics-totals">
              <div className="stat">
                <strong>{f.number(m.totals.incidents)}</strong>
                <span>{t('metrics.incidents')}</span>
              </div>
              <div className="stat">
                <strong>{f.number(m.totals.sightings)}</strong>
                <span>{t('metrics.callsAndReports')}</span>
              </div>
              <div className="stat">
                <strong>{f.number(m.totals.dispatched)}</strong>
                <span>{t('metrics.dispatched')}</span>
              </div>
              <div className="stat">
                <strong data-testid="on-time-share">{f.percent(m.response.inWindow.share)}</strong>
                <span>{t('metrics.onTimeWithin', { minutes: f.number(m.response.windowMinutes) })}</span>
              </div>
            </div>
            <section>
              <h2>{t('metrics.byHour')}</h2>
              <p className="small muted">{t('metrics.peakHint', { timeZone: m.timeZone })}</p>
              <ChartCanvas config={hoursConfig} label={t('metrics.byHour')} height={260} testId="chart-hours" />
            </section>
            <div className="metrics-grid">
              <section>
                <h2>{t('metrics.responseTimes')}</h2>
                <ChartCanvas config={charts.response} label={t('metrics.responseTimes')} testId="chart-response" table={false} />
                <table className="roster-table small">
                  <tbody>
                    {(['firstPing', 'firstAccept', 'onScene'] as const).map((k) => (
                      <tr key={k}>
                        <th scope="row">{t(`metrics.${k}`)}</th>
                        <td>p50 {f.duration(m.response[k].p50)}</td>
                        <td>p90 {f.duration(m.response[k].p90)}</td>
                        <td className="muted">n = {f.number(m.response[k].n)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <section>
                <h2>{t('metrics.outcomes')}</h2>
                <ChartCanvas config={charts.outcomes} label={t('metrics.outcomes')} testId="chart-outcomes" />
              </section>
            </div>
            <section>
              <h2>{t('metrics.weekly')}</h2>
              <ChartCanvas config={charts.weekly} label={t('metrics.weekly')} testId="chart-weekly" />
            </section>
            <section>
              <h2>{t('metrics.coverage')}</h2>
              <CoverageTable coverage={m.coverage} />
            </section>
            <section>
              <h2>{t('metrics.answerRates')}</h2>
              <TableScroll label={t('metrics.answerRates')}>
                <table className="roster-table" data-testid="answer-rates">
                  <thead>
                    <tr>
                      <th>{t('metrics.responder')}</th>
                      <th>{t('metrics.pinged')}</th>
                      <th>{t('metrics.answerRate')}</th>
                      <th>{t('metrics.accepted')}</th>
                      <th>{t('metrics.declined')}</th>
                      <th>{t('metrics.onScene')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.responders.map((r) => (
                      <tr key={r.alias}>
                        <td>{r.alias}</td>
                        <td>{f.number(r.pinged)}</td>
                        <td>{f.percent(r.answerRate)}</td>
                        <td>{f.number(r.accepted)}</td>
                        <td>{f.number(r.declined)}</td>
                        <td>{f.number(r.onScene)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </section>
            <p className="small muted">{m.refreshedAt ? t('metrics.refreshedAt', { time: f.time(m.refreshedAt) }) : t('metrics.refreshing')}</p>
          </>
        )}
      </main>
    </div>
  );
}
