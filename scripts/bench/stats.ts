/** Latency statistics for the benchmarks. Samples are nanoseconds from process.hrtime.bigint(). */

export interface LatencySummary {
  iterations: number;
  /** Milliseconds. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Operations per second over the measured wall time (one op after another, no overlap). */
  opsPerSec: number;
}

/**
 * Nearest-rank percentile (the value below which `p` % of the samples fall), on a sorted copy.
 * Nearest-rank never interpolates, so a p99 is always a latency that really happened.
 */
export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) throw new Error("percentile of no samples");
  const rank = Math.ceil((p / 100) * sortedMs.length);
  return sortedMs[Math.min(sortedMs.length, Math.max(1, rank)) - 1] as number;
}

export function summarize(samplesNs: readonly bigint[], wallNs: bigint): LatencySummary {
  const ms = samplesNs.map((ns) => Number(ns) / 1e6).sort((a, b) => a - b);
  const total = ms.reduce((sum, x) => sum + x, 0);
  return {
    iterations: ms.length,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    max: ms[ms.length - 1] as number,
    mean: total / ms.length,
    opsPerSec: ms.length / (Number(wallNs) / 1e9),
  };
}

/** a / b, for "how many times slower than the baseline" columns. */
export function ratio(a: number, b: number): number {
  return b === 0 ? Number.POSITIVE_INFINITY : a / b;
}
