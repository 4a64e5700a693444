import { useEffect, useRef } from 'preact/hooks';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface Series {
  label: string;
  values: number[];
  /** What a reader sees for each value (exact, formatted); the chart plots `values`. */
  display: string[];
}

/**
 * A bar or line chart (Chart.js on a canvas). The canvas is an image to assistive technology,
 * labelled; the same numbers are in the table beside it. `data-series` carries what was plotted,
 * so a test can check the chart itself and not only the table.
 */
export function TotalsChart({ kind, labels, series, label }: { kind: 'bar' | 'line'; labels: string[]; series: Series[]; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const colours = ['#1f5fa8', '#c2571a'];
    chart.current?.destroy();
    chart.current = new Chart(canvas.current, {
      type: kind,
      data: {
        labels,
        datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: colours[i % 2], borderColor: colours[i % 2] })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { tooltip: { callbacks: { label: (item) => `${series[item.datasetIndex].label}: ${series[item.datasetIndex].display[item.dataIndex]}` } } },
        scales: { y: { beginAtZero: true } },
      },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [kind, JSON.stringify(labels), JSON.stringify(series)]);
  return (
    <figure class="chart" data-series={JSON.stringify(series.map((s) => ({ label: s.label, values: s.values })))}>
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={label} />
      </div>
    </figure>
  );
}
