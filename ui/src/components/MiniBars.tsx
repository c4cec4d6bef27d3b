/** One bar of a {@link MiniBars} chart. */
export interface Bar {
  key: string;
  value: number;
  /** Shown under the bar (e.g. `04/12`); every other label is left out when they would crowd. */
  label: string;
  /** The tooltip (the SVG `<title>`): the figure in words. */
  title: string;
  onClick?: () => void;
}

const BAR = 22;
const GAP = 6;
const LABEL = 16;

/**
 * A small bar chart in plain SVG (no chart library): a trend at a glance, each bar clickable. The tallest bar
 * fills the height; a zero is a thin line so the day is still there.
 */
export function MiniBars({ bars, height = 96, testId }: { bars: Bar[]; height?: number; testId?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = bars.length * (BAR + GAP) - GAP;
  const plot = height - LABEL;
  const every = bars.length > 10 ? 2 : 1;
  return (
    <svg
      viewBox={`0 0 ${Math.max(width, 1)} ${height}`}
      width="100%"
      height={height}
      preserveAspectRatio="xMinYMid meet"
      role="img"
      data-testid={testId}
      style={{ display: "block", overflow: "visible" }}
    >
      {bars.map((b, i) => {
        const h = Math.max(2, Math.round((plot * b.value) / max));
        const x = i * (BAR + GAP);
        return (
          <g
            key={b.key}
            onClick={b.onClick}
            style={{ cursor: b.onClick ? "pointer" : undefined }}
            data-testid={testId ? `${testId}-bar` : undefined}
            data-key={b.key}
            data-value={b.value}
          >
            <title>{b.title}</title>
            {/* the whole column is the click target, not only the bar */}
            <rect x={x} y={0} width={BAR} height={plot} fill="transparent" />
            <rect x={x} y={plot - h} width={BAR} height={h} rx={3} fill={b.value > 0 ? "var(--mantine-color-blue-5)" : "var(--mantine-color-gray-3)"} />
            {(bars.length - 1 - i) % every === 0 && (
              <text x={x + BAR / 2} y={height - 3} textAnchor="middle" fontSize={10} fill="var(--mantine-color-dimmed)">
                {b.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
