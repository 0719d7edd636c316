import { stampMs } from "./receive-stamps.js";
import type { Series } from "./series.js";

/**
 * A batch of readings kept as columns (parallel arrays) instead of one object per reading: the broker
 * appends tens of thousands a second, and an object each is garbage the collector must chase on the
 * broker's thread. The arrays are reused from one batch to the next (`clear()` keeps their storage).
 */
export class ReadingBatch {
  readonly series: Series[] = [];
  readonly values: number[] = [];
  /** Receive stamps in epoch microseconds (receive-stamps.ts). */
  readonly stampsUs: number[] = [];
  length = 0;

  push(series: Series, value: number, stampUs: number): void {
    const i = this.length++;
    this.series[i] = series;
    this.values[i] = value;
    this.stampsUs[i] = stampUs;
  }

  /** Forgets the readings but keeps the arrays' capacity; slots are overwritten on the next fill. */
  clear(): void {
    this.length = 0;
  }
}

/** One rollup bucket: min, max, sum and count of a series over one minute or hour. */
export interface RollupBucket {
  series: Series;
  start: number;
  min: number;
  max: number;
  sum: number;
  count: number;
}

/** Bucket aggregates by series and start: series are shared objects, so the map needs no key strings. */
class BucketIndex {
  readonly buckets: RollupBucket[] = [];
  readonly #bySeries = new Map<Series, Map<number, RollupBucket>>();

  add(series: Series, start: number, min: number, max: number, sum: number, count: number): void {
    let byStart = this.#bySeries.get(series);
    if (!byStart) this.#bySeries.set(series, (byStart = new Map()));
    const b = byStart.get(start);
    if (!b) {
      const bucket = { series, start, min, max, sum, count };
      byStart.set(start, bucket);
      this.buckets.push(bucket);
      return;
    }
    if (min < b.min) b.min = min;
    if (max > b.max) b.max = max;
    b.sum += sum;
    b.count += count;
  }
}

/** Floors an epoch-ms time to the start of its bucket of `size` ms (also for times before 1970). */
const bucketStart = (at: number, size: number) => at - (((at % size) + size) % size);

/**
 * Folds a batch into per-(series, bucket) aggregates of `size` ms. A burst spans a handful of buckets per
 * series, so the writer runs one upsert per bucket instead of one per reading.
 */
export function rollUp(batch: ReadingBatch, size: number): RollupBucket[] {
  const index = new BucketIndex();
  const { series, values, stampsUs } = batch;
  for (let i = 0; i < batch.length; i++) {
    const value = values[i] as number;
    const at = stampMs(stampsUs[i] as number);
    index.add(series[i] as Series, bucketStart(at, size), value, value, value, 1);
  }
  return index.buckets;
}

/** Folds fine buckets (minutes) into coarser ones (hours): min, max, sum and count merge exactly. */
export function coarsen(fine: readonly RollupBucket[], size: number): RollupBucket[] {
  const index = new BucketIndex();
  for (const f of fine) index.add(f.series, bucketStart(f.start, size), f.min, f.max, f.sum, f.count);
  return index.buckets;
}
