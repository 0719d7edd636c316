/**
 * Pure geometry for the hand-drawn SVG line chart: values → pixels. Kept apart from React so the edge cases
 * (no points, one point, a flat line, a gap while the device was offline) are unit-tested: each of them
 * would otherwise divide by zero and put NaN into the SVG path.
 */

export interface ChartPoint {
  at: number;
  value: number;
}

export interface ChartBox {
  width: number;
  height: number;
  /** Inner margin in pixels so the stroke is not clipped at the edges. */
  pad: number;
}

export interface ChartGeometry {
  /** SVG path data ("M x y L x y …"); empty when there is nothing to draw. */
  path: string;
  /** The value range drawn (after widening a flat series); null when empty. */
  min: number | null;
  max: number | null;
  /** The last point, for the dot at the end of the line. */
  last: { x: number; y: number } | null;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Scales a series into the box. The time axis spans `window` if given (so the last hour always fills the
 * same width), else the points' own span. Points further apart than `gapMs` are not joined: a line across
 * an hour without readings would claim values nobody measured.
 */
export function scaleSeries(
  series: readonly ChartPoint[],
  box: ChartBox,
  window?: { from: number; to: number },
  gapMs = Number.POSITIVE_INFINITY,
): ChartGeometry {
  const points = series.filter((p) => Number.isFinite(p.at) && Number.isFinite(p.value));
  if (points.length === 0) return { path: "", min: null, max: null, last: null };

  let min = Math.min(...points.map((p) => p.value));
  let max = Math.max(...points.map((p) => p.value));
  if (max === min) {
    // A flat line sits in the middle instead of dividing by a zero range.
    const spread = Math.abs(min) * 0.05 || 1;
    min -= spread;
    max += spread;
  }
  const from = window?.from ?? points[0]!.at;
  const to = window?.to ?? points[points.length - 1]!.at;
  const span = to - from;
  const innerW = Math.max(box.width - 2 * box.pad, 1);
  const innerH = Math.max(box.height - 2 * box.pad, 1);
  const x = (at: number) => box.pad + (span > 0 ? ((at - from) / span) * innerW : innerW / 2);
  const y = (value: number) => box.pad + (1 - (value - min) / (max - min)) * innerH;

  const parts: string[] = [];
  let previousAt: number | null = null;
  for (const p of points) {
    const joined = previousAt !== null && p.at - previousAt <= gapMs;
    parts.push(`${joined ? "L" : "M"}${round(x(p.at))} ${round(y(p.value))}`);
    previousAt = p.at;
  }
  const lastPoint = points[points.length - 1]!;
  return {
    path: parts.join(" "),
    min,
    max,
    last: { x: round(x(lastPoint.at)), y: round(y(lastPoint.value)) },
  };
}
