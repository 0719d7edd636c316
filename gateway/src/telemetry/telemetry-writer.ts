import type { Statement } from "better-sqlite3";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import type { GatewayEvents } from "../gateway-events.js";
import { coarsen, ReadingBatch, type RollupBucket, rollUp } from "./reading-batch.js";
import { ReceiveStamps } from "./receive-stamps.js";
import { type Series, SeriesIndex } from "./series.js";
import { WalSync } from "./wal-sync.js";

export type Reading = Pick<GatewayEvents["reading"], "deviceId" | "key" | "value" | "at">;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/**
 * Rows per multi-row INSERT, largest first; a batch is cut into these, so at most ten statements per
 * database are ever prepared. A full batch goes in statements of 1000 rows; a smaller one, flushed by the
 * timer, in a few (300 = 256 + 32 + 8 + 4). The per-statement overhead (binding, VDBE start, the JS↔C hop)
 * is paid once per chunk: one statement of 1000 rows stores a reading about 15 % faster than four of 256.
 * 1000 × 3 = 3000 parameters, far under SQLite's 32766.
 */
const CHUNKS = [1000, 256, 128, 64, 32, 16, 8, 4, 2, 1] as const;

/**
 * Readings that trigger a flush before the timer does. Each flush also pays a fixed cost (the transaction,
 * its WAL frames, one rollup upsert per series and bucket, switching the sync level), so under a flood bigger
 * batches store a reading for less; 4000 readings take about 2 ms to write, the longest the till's HTTP
 * requests on this thread wait for one. At a shop's real load the 250 ms timer flushes long before.
 */
export const DEFAULT_MAX_BATCH = 4000;
const INSERT_SQL = new Map<number, string>(
  CHUNKS.map((rows) => [
    rows,
    // Same series, same millisecond: the later value wins (see 0012_reading_series.sql); rollups count both.
    `INSERT INTO readings (at_us, series, value) VALUES ${Array(rows).fill("(?, ?, ?)").join(", ")}
     ON CONFLICT (at_us, series) DO UPDATE SET value = excluded.value`,
  ]),
);
/** One parameter array per chunk size, refilled for every statement run: no garbage per chunk. */
const PARAMS = new Map<number, unknown[]>(CHUNKS.map((rows) => [rows, new Array<unknown>(rows * 3)]));

// The two rollup tables have the same shape; the table name is a constant, never user input.
const upsertSql = (table: "readings_minute" | "readings_hour") =>
  `INSERT INTO ${table} (series, bucket_start, min, max, sum, count) VALUES (?, ?, ?, ?, ?, ?)
   ON CONFLICT (series, bucket_start) DO UPDATE SET
     min = min(min, excluded.min), max = max(max, excluded.max),
     sum = sum + excluded.sum, count = count + excluded.count`;
const UPSERT_MINUTE = upsertSql("readings_minute");
const UPSERT_HOUR = upsertSql("readings_hour");

const FIND_SERIES = "SELECT id FROM reading_series WHERE device_id = ? AND key = ?";
const ADD_SERIES = "INSERT INTO reading_series (device_id, key) VALUES (?, ?) RETURNING id";

/**
 * Gives every series in the batch its id, creating the ones SQLite does not know yet, and records in
 * `assigned` those that got one now (so a rolled-back transaction can take them back). A series keeps its
 * id for the life of the process: after the first flush this is one integer test per reading.
 */
function resolveSeries(db: Db, batch: ReadingBatch, assigned: Series[]): void {
  for (let i = 0; i < batch.length; i++) {
    const series = batch.series[i] as Series;
    if (series.id !== 0) continue;
    const found = stmt(db, FIND_SERIES).pluck().get(series.deviceId, series.key) as number | undefined;
    series.id = found ?? (stmt(db, ADD_SERIES).pluck().get(series.deviceId, series.key) as number);
    assigned.push(series);
  }
}

function insertRows(db: Db, batch: ReadingBatch): void {
  const { series, values, stampsUs } = batch;
  let i = 0;
  for (const rows of CHUNKS) {
    if (batch.length - i < rows) continue;
    const insert = stmt(db, INSERT_SQL.get(rows) as string);
    const params = PARAMS.get(rows) as unknown[];
    while (batch.length - i >= rows) {
      for (let p = 0; p < params.length; i++) {
        params[p++] = stampsUs[i];
        params[p++] = (series[i] as Series).id;
        params[p++] = values[i];
      }
      insert.run(params);
    }
  }
}

function upsertBuckets(upsert: Statement, buckets: readonly RollupBucket[]): void {
  for (const b of buckets) upsert.run(b.series.id, b.start, b.min, b.max, b.sum, b.count);
}

/**
 * Writes a batch of readings and folds them into the minute and hour rollups, all in ONE transaction:
 * the till shares this SQLite file, so a burst of readings costs one short write lock, not thousands.
 * Rollups are aggregated here first (one upsert per series and bucket, not per reading).
 */
export function writeReadingBatch(db: Db, batch: ReadingBatch): void {
  if (batch.length === 0) return;
  const minutes = rollUp(batch, MINUTE_MS);
  const hours = coarsen(minutes, HOUR_MS);
  const assigned: Series[] = [];
  try {
    db.transaction(() => {
      resolveSeries(db, batch, assigned);
      insertRows(db, batch);
      upsertBuckets(stmt(db, UPSERT_MINUTE), minutes);
      upsertBuckets(stmt(db, UPSERT_HOUR), hours);
    })();
  } catch (error) {
    // Rolled back: ids handed out in it may not exist, so those series look themselves up again next time.
    for (const series of assigned) series.id = 0;
    throw error;
  }
}

/** writeReadingBatch for readings as objects (tests, imports of old data). */
export function writeReadings(db: Db, readings: readonly Reading[]): void {
  const batch = new ReadingBatch();
  const index = new SeriesIndex();
  // Stored at their own milliseconds, not re-stamped: a duplicate time replaces the older value.
  for (const r of readings) batch.push(index.get(r.deviceId, r.key), r.value, r.at * 1000);
  writeReadingBatch(db, batch);
}

export interface TelemetryBufferOptions {
  /** Flush at least this often while readings are waiting (default 250 ms). */
  flushMs?: number;
  /** Flush at once when this many readings are waiting (default DEFAULT_MAX_BATCH). */
  maxBatch?: number;
}

/**
 * Buffers readings and writes them in batches: every `flushMs`, or as soon as `maxBatch` are waiting.
 * A write failure (disk full, a locked file) drops that batch and is reported, never crashes the broker.
 * Commits skip the fsync on the broker's thread; the WAL is synced right after on the thread pool (WalSync).
 */
export class TelemetryBuffer {
  readonly #db: Db;
  readonly #flushMs: number;
  readonly #maxBatch: number;
  readonly #onError: (error: unknown) => void;
  readonly #batch = new ReadingBatch();
  readonly #series = new SeriesIndex();
  readonly #stamps = new ReceiveStamps();
  readonly #wal: WalSync;
  #timer: NodeJS.Timeout | null = null;
  flushes = 0;

  constructor(db: Db, options: TelemetryBufferOptions = {}, onError: (error: unknown) => void = () => {}) {
    this.#db = db;
    this.#flushMs = options.flushMs ?? 250;
    this.#maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.#onError = onError;
    this.#wal = new WalSync(db, onError);
  }

  get pending(): number {
    return this.#batch.length;
  }

  add(reading: Reading): void {
    this.push(reading.deviceId, reading.key, reading.value, reading.at);
  }

  /** add() without a reading object: the broker's hot path calls this once per accepted reading. */
  push(deviceId: string, key: string, value: number, at: number): void {
    this.#batch.push(this.#series.get(deviceId, key), value, this.#stamps.stamp(at));
    if (this.#batch.length >= this.#maxBatch) this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => this.flush(), this.#flushMs);
      this.#timer.unref();
    }
  }

  /** Flushes, then resolves once everything written is on disk (see WalSync); the buffer stays usable. */
  async drain(): Promise<void> {
    this.flush();
    await this.#wal.drain();
  }

  /** Drains and releases the WAL file handle: call when done, before the database closes. */
  async close(): Promise<void> {
    await this.drain();
    this.#wal.close();
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#batch.length === 0) return;
    try {
      this.#wal.commit(() => writeReadingBatch(this.#db, this.#batch));
      this.flushes++;
    } catch (error) {
      this.#onError(error);
    } finally {
      this.#batch.clear();
    }
  }
}
