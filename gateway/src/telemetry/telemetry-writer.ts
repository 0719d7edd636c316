import type { Db } from "../../../desktop/src/db/open.js";
import { stmt } from "../../../desktop/src/db/statements.js";
import type { GatewayEvents } from "../gateway-events.js";

export type Reading = Pick<GatewayEvents["reading"], "deviceId" | "key" | "value" | "at">;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

interface Bucket {
  deviceId: string;
  key: string;
  start: number;
  min: number;
  max: number;
  sum: number;
  count: number;
}

/** Folds readings into per-series buckets of `size` ms, so one upsert per bucket replaces one per reading. */
function bucketize(readings: readonly Reading[], size: number): Bucket[] {
  const buckets = new Map<string, Bucket>();
  for (const r of readings) {
    const start = Math.floor(r.at / size) * size;
    const id = `${r.deviceId}\u0000${r.key}\u0000${start}`;
    const b = buckets.get(id);
    if (!b)
      buckets.set(id, {
        deviceId: r.deviceId,
        key: r.key,
        start,
        min: r.value,
        max: r.value,
        sum: r.value,
        count: 1,
      });
    else {
      b.min = Math.min(b.min, r.value);
      b.max = Math.max(b.max, r.value);
      b.sum += r.value;
      b.count += 1;
    }
  }
  return [...buckets.values()];
}

// The two rollup tables have the same shape; the table name is a constant, never user input.
const upsertSql = (table: "readings_minute" | "readings_hour") =>
  `INSERT INTO ${table} (device_id, key, bucket_start, min, max, sum, count) VALUES (?, ?, ?, ?, ?, ?, ?)
   ON CONFLICT (device_id, key, bucket_start) DO UPDATE SET
     min = min(min, excluded.min), max = max(max, excluded.max),
     sum = sum + excluded.sum, count = count + excluded.count`;
const UPSERT_MINUTE = upsertSql("readings_minute");
const UPSERT_HOUR = upsertSql("readings_hour");

/**
 * Writes a batch of readings and folds them into the minute and hour rollups, all in ONE transaction:
 * the till shares this SQLite file, so a burst of readings costs one short write lock, not thousands.
 */
export function writeReadings(db: Db, readings: readonly Reading[]): void {
  if (readings.length === 0) return;
  db.transaction(() => {
    const insert = stmt(db, "INSERT INTO readings (device_id, key, at, value) VALUES (?, ?, ?, ?)");
    for (const r of readings) insert.run(r.deviceId, r.key, r.at, r.value);
    const minute = stmt(db, UPSERT_MINUTE);
    for (const b of bucketize(readings, MINUTE_MS))
      minute.run(b.deviceId, b.key, b.start, b.min, b.max, b.sum, b.count);
    const hour = stmt(db, UPSERT_HOUR);
    for (const b of bucketize(readings, HOUR_MS))
      hour.run(b.deviceId, b.key, b.start, b.min, b.max, b.sum, b.count);
  })();
}

export interface TelemetryBufferOptions {
  /** Flush at least this often while readings are waiting (default 250 ms). */
  flushMs?: number;
  /** Flush at once when this many readings are waiting (default 1000). */
  maxBatch?: number;
}

/**
 * Buffers readings and writes them in batches: every `flushMs`, or as soon as `maxBatch` are waiting.
 * A write failure (disk full, a locked file) drops that batch and is reported, never crashes the broker.
 */
export class TelemetryBuffer {
  readonly #db: Db;
  readonly #flushMs: number;
  readonly #maxBatch: number;
  readonly #onError: (error: unknown) => void;
  #pending: Reading[] = [];
  #timer: NodeJS.Timeout | null = null;
  flushes = 0;

  constructor(db: Db, options: TelemetryBufferOptions = {}, onError: (error: unknown) => void = () => {}) {
    this.#db = db;
    this.#flushMs = options.flushMs ?? 250;
    this.#maxBatch = options.maxBatch ?? 1000;
    this.#onError = onError;
  }

  get pending(): number {
    return this.#pending.length;
  }

  add(reading: Reading): void {
    this.#pending.push(reading);
    if (this.#pending.length >= this.#maxBatch) this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => this.flush(), this.#flushMs);
      this.#timer.unref();
    }
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    try {
      writeReadings(this.#db, batch);
      this.flushes++;
    } catch (error) {
      this.#onError(error);
    }
  }
}
