import { type LatencySummary, summarize } from "./stats.js";

export interface MeasureOptions {
  /** Untimed runs first, so the JIT, the prepared-statement caches and SQLite's page cache are warm. */
  warmup: number;
  iterations: number;
}

/**
 * Times `op` one call at a time. `op(i)` receives the iteration number (warm-up runs get negative
 * numbers) so a benchmark can rotate through its inputs without timing the choice.
 */
export function measure(op: (i: number) => unknown, options: MeasureOptions): LatencySummary {
  for (let i = 0; i < options.warmup; i++) op(-1 - i);
  const samples = new Array<bigint>(options.iterations);
  const start = process.hrtime.bigint();
  for (let i = 0; i < options.iterations; i++) {
    const t0 = process.hrtime.bigint();
    op(i);
    samples[i] = process.hrtime.bigint() - t0;
  }
  const wall = process.hrtime.bigint() - start;
  return summarize(samples, wall);
}

/**
 * Times several operations in alternating blocks (A×block, B×block, A×block, ...), so a noisy
 * neighbour — other processes on a 2-core shop PC, the disk flushing — hits each of them alike and
 * their ratio stays meaningful even when the absolute figures drift.
 */
export function measureInterleaved<K extends string>(
  ops: Record<K, (i: number) => unknown>,
  options: MeasureOptions & { block: number },
): Record<K, LatencySummary> {
  const names = Object.keys(ops) as K[];
  for (const name of names) for (let i = 0; i < options.warmup; i++) ops[name](-1 - i);
  const samples = Object.fromEntries(names.map((n) => [n, [] as bigint[]])) as Record<K, bigint[]>;
  const wall = Object.fromEntries(names.map((n) => [n, 0n])) as Record<K, bigint>;
  for (let done = 0; done < options.iterations; done += options.block) {
    const end = Math.min(options.iterations, done + options.block);
    for (const name of names) {
      const op = ops[name];
      const start = process.hrtime.bigint();
      for (let i = done; i < end; i++) {
        const t0 = process.hrtime.bigint();
        op(i);
        samples[name].push(process.hrtime.bigint() - t0);
      }
      wall[name] += process.hrtime.bigint() - start;
    }
  }
  return Object.fromEntries(names.map((n) => [n, summarize(samples[n], wall[n])])) as Record<
    K,
    LatencySummary
  >;
}
