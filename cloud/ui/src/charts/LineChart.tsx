import { axisRoom, linePoints, niceMax, type PlotArea, ticks } from "./scale.js";
import { ValueAxis } from "./ValueAxis.js";
import "./charts.css";

interface Props {
  values: readonly number[];
  labels: readonly string[];
  formatValue: (value: number) => string;
  title: string;
  testId: string;
}

/** A hand-written SVG line chart (sales per day): nice axis, a polyline and a dot per day. */
export function LineChart({ values, labels, formatValue, title, testId }: Props) {
  const top = niceMax(Math.max(0, ...values));
  const AREA: PlotArea = {
    width: 720,
    height: 240,
    left: axisRoom(ticks(top).map(formatValue)),
    bottom: 28,
    top: 8,
  };
  const points = linePoints(values, top, AREA);
  // With 30 days, label about every fifth so the labels do not overlap.
  const every = Math.max(1, Math.ceil(values.length / 8));
  return (
    <svg
      viewBox={`0 0 ${AREA.width} ${AREA.height}`}
      role="img"
      aria-label={title}
      data-testid={testId}
      className="chart"
    >
      <ValueAxis top={top} area={AREA} formatValue={formatValue} />
      <polyline points={points.map((p) => `${p.x},${p.y}`).join(" ")} className="line" fill="none" />
      {points.map((p, i) => (
        <g key={i}>
          <circle cx={p.x} cy={p.y} r={4} className="dot">
            <title>{`${labels[i] ?? ""}: ${formatValue(values[i] ?? 0)}`}</title>
          </circle>
          {(values.length - 1 - i) % every === 0 ? (
            <text x={p.x} y={AREA.height - 8} textAnchor={labelAnchor(p.x, AREA)} className="axis">
              {labels[i]}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}

/**
 * A label near either edge is anchored to that side, so it stays inside the drawing (the `<svg>` clips
 * it): the last day of a long period sits half a slot from the right edge, narrower than its label.
 */
function labelAnchor(x: number, area: PlotArea): "start" | "middle" | "end" {
  const room = 40; // about half of a "lun 7-12" at the axis' font size
  if (x > area.width - room) return "end";
  if (x < area.left + room) return "start";
  return "middle";
}
