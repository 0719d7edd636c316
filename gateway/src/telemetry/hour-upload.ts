import { HOUR_MS, sensorRollupEntityId, type SensorRollup } from "@mostrador/contracts/sync/sensors";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";

/**
 * Sends the cloud each series' closed hours (issue 19): the hour rollups every flush already keeps in
 * readings_hour, read on a timer, set-based, an hour at a time. A row enters the outbox in the same
 * transaction that records it in readings_hour_sent (migration 0051), so it is sent exactly once; a late
 * reading that raises an already-sent hour's count sends the whole hour again with the next version.
 * Nothing here runs per reading: the broker's hot path is untouched.
 */
export interface HourUploadOptions {
  /** An hour counts as closed this long after it ends (default one minute; a flush is ≤ 250 ms late). */
  graceMs?: number;
  /**
   * Sent hours this recent are checked for late readings (default 48 h). Readings are stamped on arrival,
   * so only a clock set back or an import of old readings reaches further; those hours are not re-sent.
   */
  correctionWindowMs?: number;
  /** Rollups per transaction (default 500): the till shares the file, so each lock stays short. */
  batchRows?: number;
  /**
   * Hours older than this are never sent (default 35 days, past the Sensores screen's longest span): the
   * first start after migration 0051 finds years of hours on disk, and sending them all would queue
   * hundreds of thousands of ops for charts that never show them. They stay on the appliance.
   */
  backfillMs?: number;
}

const DEFAULTS: Required<HourUploadOptions> = {
  graceMs: 60_000,
  correctionWindowMs: 48 * HOUR_MS,
  batchRows: 500,
  backfillMs: 35 * 24 * HOUR_MS,
};

interface HourRow {
  series: number;
  bucket_start: number;
  min: number;
  max: number;
  sum: number;
  count: number;
  device_id: string;
  key: string;
  /** 0 when the series' device is not in the registry (nothing the cloud could file it under). */
  known: number;
  /** The version last sent, null if never. */
  version: number | null;
}

const CURSOR = "SELECT bucket_start, series FROM readings_hour_upload WHERE id = 1";
const MOVE_CURSOR = "UPDATE readings_hour_upload SET bucket_start = ?, series = ? WHERE id = 1";

/** The first closed (series, hour) past the cursor: the walk goes one hour per batch. */
const NEXT_UNSENT = `SELECT bucket_start FROM readings_hour
  WHERE (bucket_start, series) > (?, ?) AND bucket_start < ? ORDER BY bucket_start, series LIMIT 1`;

const ROW_COLUMNS = `h.series, h.bucket_start, h.min, h.max, h.sum, h.count, s.device_id, s.key,
  EXISTS (SELECT 1 FROM devices d WHERE d.id = s.device_id) AS known`;

const UNSENT_ROWS = `SELECT ${ROW_COLUMNS}, NULL AS version
  FROM readings_hour h JOIN reading_series s ON s.id = h.series
  WHERE h.bucket_start = ? AND h.series > ? ORDER BY h.series LIMIT ?`;

/** The oldest recent hour a late reading changed after it was sent. */
const NEXT_CHANGED = `SELECT h.bucket_start FROM readings_hour h
  JOIN readings_hour_sent x ON x.series = h.series AND x.bucket_start = h.bucket_start
  WHERE h.bucket_start >= ? AND h.count <> x.count ORDER BY h.bucket_start LIMIT 1`;

const CHANGED_ROWS = `SELECT ${ROW_COLUMNS}, x.version
  FROM readings_hour h JOIN reading_series s ON s.id = h.series
  JOIN readings_hour_sent x ON x.series = h.series AND x.bucket_start = h.bucket_start
  WHERE h.bucket_start = ? AND h.count <> x.count ORDER BY h.series LIMIT ?`;

/** Each series' first and last reading in one hour, from the raw readings (kept a week), one range scan. */
const FIRST_LAST = `SELECT series, min(at_us) AS first_us, max(at_us) AS last_us FROM readings
  WHERE at_us >= ? AND at_us < ? GROUP BY series`;

const MARK_SENT = `INSERT INTO readings_hour_sent (series, bucket_start, count, version) VALUES (?, ?, ?, ?)
  ON CONFLICT (series, bucket_start) DO UPDATE SET count = excluded.count, version = excluded.version`;

const iso = (ms: number) => new Date(ms).toISOString();

function rowsToSend(db: Db, nowMs: number, o: Required<HourUploadOptions>): HourRow[] {
  const changed = stmt(db, NEXT_CHANGED)
    .pluck()
    .get(nowMs - o.correctionWindowMs) as number | undefined;
  if (changed !== undefined) return stmt(db, CHANGED_ROWS).all(changed, o.batchRows) as HourRow[];
  const stored = stmt(db, CURSOR).get() as { bucket_start: number; series: number };
  // The walk starts no further back than the backfill horizon (its hour's first series included).
  const horizon = Math.floor((nowMs - o.backfillMs) / HOUR_MS) * HOUR_MS;
  const cursor = stored.bucket_start < horizon ? { bucket_start: horizon, series: -1 } : stored;
  // Closed: the hour ended at least graceMs ago.
  const closedBefore = Math.floor((nowMs - o.graceMs) / HOUR_MS) * HOUR_MS;
  const hour = stmt(db, NEXT_UNSENT).pluck().get(cursor.bucket_start, cursor.series, closedBefore) as
    number | undefined;
  if (hour === undefined) return [];
  const after = hour === cursor.bucket_start ? cursor.series : -1;
  const rows = stmt(db, UNSENT_ROWS).all(hour, after, o.batchRows) as HourRow[];
  const last = rows[rows.length - 1] as HourRow;
  stmt(db, MOVE_CURSOR).run(last.bucket_start, last.series);
  return rows;
}

/**
 * Sends at most one batch of closed hours' rollups, corrections first, in one transaction. Returns the
 * rows it went through (sent, or skipped for an unregistered device): 0 when nothing is left to send.
 */
export function uploadHourBatch(db: Db, nowMs: number, options: HourUploadOptions = {}): number {
  const o = { ...DEFAULTS, ...options };
  return db.transaction(() => {
    const rows = rowsToSend(db, nowMs, o);
    if (rows.length === 0) return 0;
    const hour = (rows[0] as HourRow).bucket_start;
    const firstLast = new Map(
      (
        stmt(db, FIRST_LAST).all(hour * 1000, (hour + HOUR_MS) * 1000) as {
          series: number;
          first_us: number;
          last_us: number;
        }[]
      ).map((r) => [r.series, r]),
    );
    const at = iso(nowMs);
    for (const r of rows) {
      if (!r.known) continue;
      const version = (r.version ?? 0) + 1;
      const raw = firstLast.get(r.series);
      const rollup: SensorRollup = {
        deviceId: r.device_id,
        key: r.key,
        hour: iso(r.bucket_start),
        version,
        count: r.count,
        min: r.min,
        max: r.max,
        sum: r.sum,
        firstAt: raw ? iso(Math.floor(raw.first_us / 1000)) : null,
        lastAt: raw ? iso(Math.floor(raw.last_us / 1000)) : null,
      };
      stmt(db, MARK_SENT).run(r.series, r.bucket_start, r.count, version);
      enqueueOutbox(db, {
        entity: "sensor_rollup",
        entityId: sensorRollupEntityId(rollup),
        op: version === 1 ? "closed" : "corrected",
        payload: rollup,
        at,
      });
    }
    return rows.length;
  })();
}

/**
 * Sends every closed hour not sent yet (after a long time off: the whole backlog), batch by batch,
 * yielding to the event loop between batches; `stopped()` ends it between two. Returns the rows gone through.
 */
export async function uploadClosedHours(
  db: Db,
  nowMs: () => number,
  options: HourUploadOptions = {},
  stopped: () => boolean = () => false,
): Promise<number> {
  let total = 0;
  while (!stopped()) {
    const done = uploadHourBatch(db, nowMs(), options);
    if (done === 0) break;
    total += done;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return total;
}
