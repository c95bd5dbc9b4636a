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

/** A Chart.js chart on a canvas, rebuilt when its configuration changes. `label` describes it for screen readers. */
export function ChartCanvas({ config, label, height = 240, testId }: { config: ChartConfiguration; label: string; height?: number; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <div className="chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}
