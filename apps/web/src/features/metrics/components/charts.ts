import { channels, type Metrics, outcomes } from '@centinela/contracts';
import type { ChartConfiguration } from 'chart.js';
import type { TFunction } from 'i18next';

/** Channel and outcome colours, readable on white and for the common colour-blindnesses (Okabe–Ito). */
export const CHANNEL_COLORS: Record<(typeof channels)[number], string> = {
  'hotline-call': '#0072B2',
  sms: '#009E73',
  whatsapp: '#56B4E9',
  telegram: '#D55E00',
  web: '#E69F00',
  responder: '#CC79A7',
  other: '#999999',
};
const OUTCOME_COLORS = ['#D55E00', '#E69F00', '#009E73', '#56B4E9', '#BBBBBB'];

type Options = { t: TFunction; rtl: boolean; locale: string; weekday: (d: number) => string };

const base = ({ rtl, locale }: Options) => ({
  responsive: true,
  maintainAspectRatio: false,
  animation: false as const,
  locale,
  plugins: { legend: { rtl, position: 'bottom' as const }, tooltip: { rtl } },
});

/** Sightings per hour of the week, stacked by channel; the x axis runs right to left in RTL languages. */
export function hourOfWeekChart(m: Metrics, o: Options): ChartConfiguration<'bar'> {
  const labels = Array.from({ length: 168 }, (_, i) => `${o.weekday(Math.floor(i / 24) + 1)} ${String(i % 24).padStart(2, '0')}`);
  const at = new Map(m.hourOfWeek.map((h) => [(h.day - 1) * 24 + h.hour, h.channels]));
  return {
    type: 'bar',
    data: {
      labels,
      datasets: channels.map((c) => ({
        label: o.t(`channel.${c}`),
        data: labels.map((_, i) => at.get(i)?.[c] ?? 0),
        backgroundColor: CHANNEL_COLORS[c],
        stack: 'all',
      })),
    },
    options: {
      ...base(o),
      scales: {
        x: {
          stacked: true,
          reverse: o.rtl,
          ticks: { autoSkip: false, callback: (_v, i) => (i % 24 === 0 ? labels[i]!.split(' ')[0] : i % 6 === 0 ? String(i % 24) : '') },
        },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
      },
    },
  };
}

/** The hours of the week inside the peak windows, for shading. */
export const peakIndices = (m: Metrics) => Array.from({ length: 168 }, (_, i) => i).filter((i) => m.peakWindows.some((w) => i % 24 >= w.from && i % 24 < w.to));

/** Median and 90th percentile, in minutes, from report to first ping, first accept and first on scene. */
export function responseChart(m: Metrics, o: Options): ChartConfiguration<'bar'> {
  const stages = [m.response.firstPing, m.response.firstAccept, m.response.onScene];
  const minutes = (s: number | null) => (s === null ? null : Math.round((s / 60) * 10) / 10);
  return {
    type: 'bar',
    data: {
      labels: [o.t('metrics.firstPing'), o.t('metrics.firstAccept'), o.t('metrics.onScene')],
      datasets: [
        { label: 'p50', data: stages.map((s) => minutes(s.p50)), backgroundColor: '#0072B2' },
        { label: 'p90', data: stages.map((s) => minutes(s.p90)), backgroundColor: '#56B4E9' },
      ],
    },
    options: { ...base(o), indexAxis: 'y', scales: { x: { beginAtZero: true, reverse: o.rtl, title: { display: true, text: o.t('metrics.minutes') } } } },
  };
}

export function outcomesChart(m: Metrics, o: Options): ChartConfiguration<'doughnut'> {
  return {
    type: 'doughnut',
    data: { labels: outcomes.map((x) => o.t(`outcome.${x}`)), datasets: [{ data: outcomes.map((x) => m.outcomes[x]), backgroundColor: OUTCOME_COLORS }] },
    options: { ...base(o), plugins: { legend: { rtl: o.rtl, position: o.rtl ? 'left' : 'right' }, tooltip: { rtl: o.rtl } } },
  };
}

/** Incidents per week (bars) and the share with someone on scene in time (line, right axis). */
export function weeklyChart(m: Metrics, o: Options & { date: (d: string) => string }): ChartConfiguration<'bar' | 'line'> {
  return {
    type: 'bar',
    data: {
      labels: m.weekly.map((w) => o.date(w.week)),
      datasets: [
        { type: 'bar', label: o.t('metrics.incidents'), data: m.weekly.map((w) => w.incidents), backgroundColor: '#0072B2', yAxisID: 'y' },
        {
          type: 'line',
          label: o.t('metrics.onTimeShare'),
          data: m.weekly.map((w) => (w.dispatched ? Math.round((w.onTime / w.dispatched) * 100) : null)),
          borderColor: '#D55E00',
          backgroundColor: '#D55E00',
          yAxisID: 'share',
        },
      ],
    },
    options: {
      ...base(o),
      scales: {
        x: { reverse: o.rtl },
        y: { beginAtZero: true, position: o.rtl ? 'right' : 'left', ticks: { precision: 0 } },
        share: { min: 0, max: 100, position: o.rtl ? 'left' : 'right', grid: { drawOnChartArea: false }, ticks: { callback: (v) => `${String(v)}%` } },
      },
    },
  };
}
