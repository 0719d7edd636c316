/**
 * Chart geometry, pure: a "nice" axis maximum and ticks, and bar/point positions inside a plot area.
 * Values are integers (centavos or counts); positions are SVG user units.
 */

/** The smallest 1, 2, 2.5 or 5 × 10^n at or above max (0 → 1, so an empty chart still has an axis). */
export function niceMax(max: number): number {
  if (!Number.isFinite(max) || max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * magnitude;
    if (candidate >= max) return candidate;
  }
  return 10 * magnitude;
}

/** count + 1 evenly spaced tick values from 0 to top (inclusive). */
export function ticks(top: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (top * i) / count);
}

/** Width of one character of the 12-unit axis font, generous (a digit is about 0.6 em): labels are never clipped. */
const AXIS_CHAR = 7.5;

/**
 * Room left of the plot for the value axis: the widest tick label plus the 6-unit gap to the plot, never less
 * than `min` (so a small axis keeps the plots of all charts aligned). "ARS 10,000,000" needs more than "$ 100".
 */
export function axisRoom(labels: readonly string[], min = 70): number {
  const widest = Math.max(0, ...labels.map((l) => l.length));
  return Math.max(min, Math.ceil(widest * AXIS_CHAR) + 10);
}

export interface PlotArea {
  width: number;
  height: number;
  /** Room left of the plot for axis labels, and below it for category labels. */
  left: number;
  bottom: number;
  top: number;
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** y of a value in the plot: 0 at the baseline, `top` at the plot's top edge. */
export function yOf(value: number, top: number, area: PlotArea): number {
  const plotHeight = area.height - area.top - area.bottom;
  const clamped = Math.max(0, Math.min(value, top));
  return area.top + plotHeight - (clamped / top) * plotHeight;
}

/** One bar per value, evenly spaced, a gap of `gapRatio` of each slot between bars. */
export function barLayout(values: readonly number[], top: number, area: PlotArea, gapRatio = 0.2): Bar[] {
  const plotWidth = area.width - area.left;
  const slot = values.length ? plotWidth / values.length : 0;
  const baseline = yOf(0, top, area);
  return values.map((value, i) => {
    const y = yOf(value, top, area);
    return {
      x: area.left + i * slot + (slot * gapRatio) / 2,
      y,
      width: slot * (1 - gapRatio),
      height: baseline - y,
    };
  });
}

/** Points of a line chart, one per value, at the centre of each slot. */
export function linePoints(
  values: readonly number[],
  top: number,
  area: PlotArea,
): { x: number; y: number }[] {
  const plotWidth = area.width - area.left;
  const slot = values.length ? plotWidth / values.length : 0;
  return values.map((value, i) => ({ x: area.left + slot * (i + 0.5), y: yOf(value, top, area) }));
}

/**
 * A value axis that may go below zero (a freezer at -18 °C): bounds on a 1, 2, 2.5 or 5 × 10^n step
 * around [lo, hi], and its ticks. An empty or flat range still gets one step of height.
 */
export function niceBounds(
  lo: number,
  hi: number,
  count = 4,
): { bottom: number; top: number; ticks: number[] } {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) return niceBounds(0, 1, count);
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].map((s) => s * magnitude).find((s) => s >= raw) ??
    10 * magnitude) as number;
  const bottom = Math.floor(lo / step) * step;
  let top = Math.ceil(hi / step) * step;
  if (top === bottom) top = bottom + step;
  const n = Math.round((top - bottom) / step);
  // Rounded to the step's decimals, so 0.1 + 0.2 does not print as 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const ticks = Array.from({ length: n + 1 }, (_, i) => Number((bottom + i * step).toFixed(decimals)));
  return { bottom, top, ticks };
}
