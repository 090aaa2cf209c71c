/** Small SVG charts: horizontal bars (parts, most frequent gaps) and a histogram of totals. No library. */
export interface Bar {
  label: string;
  value: number;
  max: number;
  note?: string;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function HorizontalBars({ bars, title }: { bars: Bar[]; title: string }) {
  const row = 26;
  const height = bars.length * row + 4;
  return (
    <svg class="chart" viewBox={`0 0 640 ${height}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
      <title>{title}</title>
      {bars.map((bar, i) => {
        const width = bar.max > 0 ? Math.max(0, Math.min(1, bar.value / bar.max)) * 360 : 0;
        const y = i * row + 2;
        return (
          <g key={bar.label}>
            <text x="0" y={y + 17} class="chart-label">
              {bar.label}
            </text>
            <rect x="200" y={y + 4} width="360" height="16" class="chart-track" rx="3" />
            <rect x="200" y={y + 4} width={width} height="16" class="chart-bar" rx="3" />
            <text x="568" y={y + 17} class="chart-value">
              {bar.note ?? `${round1(bar.value)}/${round1(bar.max)}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function Histogram({ buckets, title }: { buckets: { from: number; to: number; count: number }[]; title: string }) {
  const peak = Math.max(1, ...buckets.map((b) => b.count));
  const w = 56;
  return (
    <svg class="chart" viewBox={`0 0 ${buckets.length * w + 10} 190`} role="img" aria-label={title}>
      <title>{title}</title>
      {buckets.map((b, i) => {
        const h = (b.count / peak) * 140;
        return (
          <g key={b.from}>
            <rect x={i * w + 6} y={160 - h} width={w - 6} height={h} class="chart-bar" />
            <text x={i * w + 6 + (w - 6) / 2} y={154 - h} class="chart-value" text-anchor="middle">
              {b.count || ''}
            </text>
            <text x={i * w + 6 + (w - 6) / 2} y="180" class="chart-label" text-anchor="middle">
              {`${b.from}–${b.to}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
