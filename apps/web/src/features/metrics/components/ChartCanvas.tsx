import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  type Plugin,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../shared/i18n/format';
import { TableScroll } from '../../../shared/ui/TableScroll';
import { useTheme } from '../../../shared/ui/theme';

// Only what the metrics page draws, so the bundle carries no more of Chart.js than that.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  DoughnutController,
  ArcElement,
  Legend,
  Tooltip,
);

/** Shades the categories at `indices` (the peak hours) behind the bars. */
export const shadeCategories = (indices: readonly number[], color = 'rgba(224, 168, 0, 0.16)'): Plugin<'bar'> => ({
  id: 'shadeCategories',
  beforeDatasetsDraw(chart) {
    const { ctx, chartArea, scales } = chart;
    const x = scales.x;
    if (!x) return;
    const width = (chartArea.right - chartArea.left) / Math.max(1, chart.data.labels?.length ?? 1);
    ctx.save();
    ctx.fillStyle = color;
    for (const i of indices) ctx.fillRect(x.getPixelForValue(i) - width / 2, chartArea.top, width, chartArea.bottom - chartArea.top);
    ctx.restore();
  },
});

/**
 * A Chart.js chart on a canvas, rebuilt when its configuration changes. `label` describes it for screen readers. The
 * canvas is only a picture, so the same numbers follow it as a table, folded away under "Show as a table" (unless
 * the page already shows them beside the chart: `table={false}`).
 */
export function ChartCanvas({
  config,
  label,
  height = 240,
  testId,
  table = true,
}: {
  config: ChartConfiguration;
  label: string;
  height?: number;
  testId?: string;
  table?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useTheme();
  useEffect(() => {
    if (!canvas.current) return;
    // Axis and legend text in the theme's muted ink, grid lines in its line colour: Chart.js's own grey (#666) is
    // too faint on the dark theme's surfaces. Drawn again when the theme changes.
    const style = getComputedStyle(document.documentElement);
    Chart.defaults.color = style.getPropertyValue('--muted').trim();
    Chart.defaults.borderColor = style.getPropertyValue('--line').trim();
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [config, theme]);
  return (
    <>
      <div className="chart" style={{ height }}>
        <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} />
      </div>
      {table && <ChartTable config={config} caption={label} testId={testId && `${testId}-table`} />}
    </>
  );
}

/** A chart's categories as rows and its series as columns. */
function ChartTable({ config, caption, testId }: { config: ChartConfiguration; caption: string; testId?: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const labels = (config.data.labels ?? []).map(String);
  const series = config.data.datasets.map((d) => ({ name: d.label ?? caption, values: d.data }));
  const cell = (value: unknown) => (typeof value === 'number' ? f.number(value) : '—');
  return (
    <details className="chart-table" data-testid={testId}>
      <summary>{t('metrics.showAsTable')}</summary>
      <TableScroll label={caption}>
        <table className="roster-table small">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <td />
              {series.map((s, i) => (
                <th key={i} scope="col">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((row, r) => (
              <tr key={r}>
                <th scope="row">{row}</th>
                {series.map((s, i) => (
                  <td key={i}>{cell(s.values[r])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}
