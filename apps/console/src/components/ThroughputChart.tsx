import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  points: Array<{ timestamp: string; value: number }>;
}

const COLORS = ['#2f6fdf', '#2a9d5c', '#d64545'];

/** Records per minute over time (uPlot: a few KB, canvas-drawn). */
export function ThroughputChart({ series, width = 640 }: { series: Series[]; width?: number }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const times = [...new Set(series.flatMap((s) => s.points.map((p) => Date.parse(p.timestamp) / 1000)))].sort(
      (a, b) => a - b,
    );
    const data: uPlot.AlignedData = [
      times,
      ...series.map((s) => {
        const by = new Map(s.points.map((p) => [Date.parse(p.timestamp) / 1000, p.value]));
        return times.map((t) => by.get(t) ?? 0);
      }),
    ];
    const w = Math.min(width, el.current.clientWidth || width);
    const plot = new uPlot(
      {
        width: w,
        height: 220,
        series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 2 }))],
        axes: [{ stroke: 'currentColor' }, { stroke: 'currentColor', label: 'records / min' }],
      },
      data,
      el.current,
    );
    return () => plot.destroy();
  }, [JSON.stringify(series), width]);
  return <div ref={el} className="chart" role="img" aria-label={`Chart of ${series.map((s) => s.label).join(', ')}`} />;
}
