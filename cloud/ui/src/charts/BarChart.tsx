import { axisRoom, barLayout, niceMax, type PlotArea, ticks } from "./scale.js";
import { ValueAxis } from "./ValueAxis.js";
import "./charts.css";

interface Props {
  values: readonly number[];
  /** Category label under each bar (empty strings are skipped, e.g. every other hour). */
  labels: readonly string[];
  formatValue: (value: number) => string;
  /** Accessible description of the whole chart. */
  title: string;
  testId: string;
  /** Tooltip text per bar. */
  describe?: (index: number) => string;
  /** Drawing width in SVG units: 720 for a full-width card, less for a half-width one so labels stay legible. */
  width?: number;
}

/** A hand-written SVG bar chart (no chart library): nice axis, four grid lines, one bar per value. */
export function BarChart({ values, labels, formatValue, title, testId, describe, width = 720 }: Props) {
  const top = niceMax(Math.max(0, ...values));
  const left = axisRoom(ticks(top).map(formatValue));
  const AREA: PlotArea = { width, height: 240, left, bottom: 28, top: 8 };
  const bars = barLayout(values, top, AREA);
  return (
    <svg
      viewBox={`0 0 ${AREA.width} ${AREA.height}`}
      role="img"
      aria-label={title}
      data-testid={testId}
      className="chart"
    >
      <ValueAxis top={top} area={AREA} formatValue={formatValue} />
      {bars.map((b, i) => (
        <g key={i}>
          <rect x={b.x} y={b.y} width={b.width} height={Math.max(b.height, 0)} className="bar">
            <title>{describe ? describe(i) : `${labels[i] ?? ""}: ${formatValue(values[i] ?? 0)}`}</title>
          </rect>
          {labels[i] ? (
            <text x={b.x + b.width / 2} y={AREA.height - 8} textAnchor="middle" className="axis">
              {labels[i]}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}
