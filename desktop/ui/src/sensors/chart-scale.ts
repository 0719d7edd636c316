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

/** A span of time on the chart, in pixels. */
export interface BandRect {
  x: number;
  width: number;
}

export interface BinaryGeometry {
  /** Where the sensor was in its "1" state (a door open): filled bands. */
  on: BandRect[];
  /** Where there are readings at all (on or off); the rest of the box is time nobody measured. */
  known: BandRect[];
  /** The state at the last point, for the label at the end; null when empty. */
  last: boolean | null;
}

/**
 * Pure geometry for a two-state sensor (a door: 1 open, 0 closed) drawn as bands over time instead of a
 * line on a decimal axis ("1 / 0,36"). Each point holds its state until the next point, or for at most
 * `gapMs` when the next one is further away (the device was offline) or it is the last one (up to the
 * window's end). A point counts as "on" at 0.5 or more: give rollups their MAX, so a minute in which the
 * door opened at all is drawn open.
 */
export function binaryBands(
  series: readonly ChartPoint[],
  box: ChartBox,
  window?: { from: number; to: number },
  gapMs = Number.POSITIVE_INFINITY,
): BinaryGeometry {
  const points = series
    .filter((p) => Number.isFinite(p.at) && Number.isFinite(p.value))
    .sort((a, b) => a.at - b.at);
  if (points.length === 0) return { on: [], known: [], last: null };
  const from = window?.from ?? points[0]!.at;
  const lastAt = points[points.length - 1]!.at;
  const to = window?.to ?? lastAt;
  const span = to - from;
  const innerW = Math.max(box.width - 2 * box.pad, 1);
  const x = (at: number) =>
    box.pad + (span > 0 ? (Math.min(Math.max(at, from), to) - from) / span : 0.5) * innerW;

  const runs: { start: number; end: number; on: boolean }[] = [];
  points.forEach((p, i) => {
    const next = points[i + 1];
    const hold = next ? Math.min(next.at, p.at + gapMs) : Math.min(Math.max(to, p.at), p.at + gapMs);
    const on = p.value >= 0.5;
    const prev = runs[runs.length - 1];
    if (prev && prev.on === on && prev.end === p.at) prev.end = hold;
    else runs.push({ start: p.at, end: hold, on });
  });
  const rect = (r: { start: number; end: number }): BandRect => {
    const left = x(r.start);
    // At least a pixel: a door opened for a few seconds in a day is still visible.
    return { x: round(left), width: round(Math.max(x(r.end) - left, 1)) };
  };
  const known: { start: number; end: number }[] = [];
  for (const r of runs) {
    const prev = known[known.length - 1];
    if (prev && prev.end === r.start) prev.end = r.end;
    else known.push({ start: r.start, end: r.end });
  }
  return {
    on: runs.filter((r) => r.on).map(rect),
    known: known.map(rect),
    last: points[points.length - 1]!.value >= 0.5,
  };
}
