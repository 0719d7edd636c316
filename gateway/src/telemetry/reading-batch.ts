/**
 * A batch of readings kept as columns (parallel arrays) instead of one object per reading: the broker
 * appends tens of thousands a second, and an object each is garbage the collector must chase on the
 * broker's thread. The arrays are reused from one batch to the next (`clear()` keeps their storage).
 */
export class ReadingBatch {
  readonly deviceIds: string[] = [];
  readonly keys: string[] = [];
  readonly values: number[] = [];
  readonly ats: number[] = [];
  length = 0;

  push(deviceId: string, key: string, value: number, at: number): void {
    const i = this.length++;
    this.deviceIds[i] = deviceId;
    this.keys[i] = key;
    this.values[i] = value;
    this.ats[i] = at;
  }

  /** Forgets the readings but keeps the arrays' capacity; string slots are overwritten on the next fill. */
  clear(): void {
    this.length = 0;
  }
}

/** One rollup bucket: min, max, sum and count of a series over one minute or hour. */
export interface RollupBucket {
  deviceId: string;
  key: string;
  start: number;
  min: number;
  max: number;
  sum: number;
  count: number;
}

/** Bucket aggregates indexed by device, key and start, with nested maps keyed by strings the readings already carry. */
class BucketIndex {
  readonly buckets: RollupBucket[] = [];
  readonly #byDevice = new Map<string, Map<string, Map<number, RollupBucket>>>();

  add(
    deviceId: string,
    key: string,
    start: number,
    min: number,
    max: number,
    sum: number,
    count: number,
  ): void {
    let byKey = this.#byDevice.get(deviceId);
    if (!byKey) this.#byDevice.set(deviceId, (byKey = new Map()));
    let byStart = byKey.get(key);
    if (!byStart) byKey.set(key, (byStart = new Map()));
    const b = byStart.get(start);
    if (!b) {
      const bucket = { deviceId, key, start, min, max, sum, count };
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
 * Folds a batch into per-(device, key, bucket) aggregates of `size` ms without building a key string per
 * reading. A burst spans a handful of buckets per series, so the writer runs one upsert per bucket
 * instead of one per reading.
 */
export function rollUp(batch: ReadingBatch, size: number): RollupBucket[] {
  const index = new BucketIndex();
  const { deviceIds, keys, values, ats } = batch;
  for (let i = 0; i < batch.length; i++) {
    const value = values[i] as number;
    index.add(
      deviceIds[i] as string,
      keys[i] as string,
      bucketStart(ats[i] as number, size),
      value,
      value,
      value,
      1,
    );
  }
  return index.buckets;
}

/** Folds fine buckets (minutes) into coarser ones (hours): min, max, sum and count merge exactly. */
export function coarsen(fine: readonly RollupBucket[], size: number): RollupBucket[] {
  const index = new BucketIndex();
  for (const f of fine)
    index.add(f.deviceId, f.key, bucketStart(f.start, size), f.min, f.max, f.sum, f.count);
  return index.buckets;
}
