import type { Resolution } from "@mostrador/contracts/http/telemetry";

/** The two charts the screen offers: the last hour from minute rollups, the last day from hour rollups. */
export type ChartRange = "hour" | "day";

export interface RangeSpec {
  resolution: Resolution;
  spanMs: number;
  /** Consecutive points further apart than this are not joined on the chart. */
  gapMs: number;
  /** How often the chart is re-read while on screen. */
  refreshMs: number;
}

export const RANGES: Record<ChartRange, RangeSpec> = {
  hour: { resolution: "minute", spanMs: 3_600_000, gapMs: 3 * 60_000, refreshMs: 60_000 },
  day: { resolution: "hour", spanMs: 24 * 3_600_000, gapMs: 3 * 3_600_000, refreshMs: 5 * 60_000 },
};
