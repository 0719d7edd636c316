import { axisRoom, niceBounds, type PlotArea } from "./scale.js";
import "./charts.css";

export interface RangePoint {
  /** Epoch ms of the slot's start. */
  at: number;
  min: number;
  avg: number;
  max: number;
}

interface Props {
  points: readonly RangePoint[];
  /** The x axis: from `from` to `to` (epoch ms) in slots of `slotMs`; a slot without a point is a gap. */
  from: number;
  to: number;
  slotMs: number;
  formatValue: (value: number) => string;
  formatTime: (at: number) => string;
  title: string;
  testId: string;
}

/**
 * A hand-written SVG chart of a measurement over time (a sensor's hours): a bar from min to max per slot
 * and the average as a line, broken where slots have no readings. The value axis may go below zero.
 */
export function RangeChart({ points, from, to, slotMs, formatValue, formatTime, title, testId }: Props) {
  const lo = Math.min(...points.map((p) => p.min));
  const hi = Math.max(...points.map((p) => p.max));
  const { bottom, top, ticks } = points.length ? niceBounds(lo, hi) : niceBounds(0, 1);
  const AREA: PlotArea = {
    width: 720,
    height: 220,
    left: axisRoom(ticks.map(formatValue)),
    bottom: 28,
    top: 8,
  };
  const plotWidth = AREA.width - AREA.left;
  const plotHeight = AREA.height - AREA.top - AREA.bottom;
  const slots = Math.max(1, Math.round((to - from) / slotMs));
  const slotWidth = plotWidth / slots;
  const x = (at: number) => AREA.left + ((at - from) / slotMs + 0.5) * slotWidth;
  const y = (v: number) => AREA.top + plotHeight - ((v - bottom) / (top - bottom)) * plotHeight;
  // The average's line, one polyline per run of consecutive slots.
  const runs: RangePoint[][] = [];
  for (const p of points) {
    const run = runs[runs.length - 1];
    const prev = run?.[run.length - 1];
    if (run && prev && p.at - prev.at === slotMs) run.push(p);
    else runs.push([p]);
  }
  const labels = Array.from({ length: 5 }, (_, i) => from + Math.round((i * slots) / 4) * slotMs);
  return (
    <svg
      viewBox={`0 0 ${AREA.width} ${AREA.height}`}
      role="img"
      aria-label={title}
      data-testid={testId}
      className="chart"
    >
      {ticks.map((t) => (
        <g key={t}>
          <line x1={AREA.left} x2={AREA.width} y1={y(t)} y2={y(t)} className="grid" />
          <text x={AREA.left - 6} y={y(t) + 4} textAnchor="end" className="axis">
            {formatValue(t)}
          </text>
        </g>
      ))}
      {points.map((p) => (
        <rect
          key={p.at}
          x={x(p.at) - Math.max(1, slotWidth * 0.35)}
          width={Math.max(2, slotWidth * 0.7)}
          y={y(p.max)}
          height={Math.max(1, y(p.min) - y(p.max))}
          className="band"
        >
          <title>{`${formatTime(p.at)}: ${formatValue(p.min)} – ${formatValue(p.max)} (${formatValue(p.avg)})`}</title>
        </rect>
      ))}
      {runs.map((run) => (
        <polyline
          key={run[0]?.at}
          points={run.map((p) => `${x(p.at)},${y(p.avg)}`).join(" ")}
          className="line"
          fill="none"
        />
      ))}
      {labels.map((at, i) => (
        <text
          key={at}
          x={AREA.left + (i * plotWidth) / 4}
          y={AREA.height - 8}
          textAnchor={i === 0 ? "start" : i === 4 ? "end" : "middle"}
          className="axis"
        >
          {formatTime(at)}
        </text>
      ))}
    </svg>
  );
}
