import type { Db } from "../../../desktop/src/db/open.js";
import { stmt } from "../../../desktop/src/db/statements.js";

const DAY_MS = 86_400_000;

export interface RetentionPolicy {
  /** Raw readings are kept this many days (default 7). */
  rawDays: number;
  /** Minute rollups are kept this many days (default 90); hour rollups are kept forever. */
  minuteDays: number;
  /** Rows deleted per transaction (default 2000): the till shares the file, so each lock stays short. */
  batchSize: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { rawDays: 7, minuteDays: 90, batchSize: 2000 };

// Series are walked through the readings primary key itself (a seek per series, never a scan): it lists
// only series that still hold raw rows. Series ids start at 1 (INTEGER PRIMARY KEY), so 0 is before them all.
const NEXT_SERIES = "SELECT series FROM readings WHERE series > ? ORDER BY series LIMIT 1";
/** The `at` of the (limit+1)-th oldest expired row of a series: deleting `at <` it removes exactly `limit`. */
const BATCH_END = "SELECT at FROM readings WHERE series = ? AND at < ? ORDER BY at LIMIT 1 OFFSET ?";
// A primary-key range: the series fixed, `at` bounded above. `at` is unique within a series.
const DELETE_RANGE = "DELETE FROM readings WHERE series = ? AND at < ?";

/** Deletes up to `limit` expired raw rows, oldest first within each series, walking series in key order. */
function pruneRawBatch(db: Db, cutoff: number, limit: number): number {
  let deleted = 0;
  let series = stmt(db, NEXT_SERIES).pluck().get(0) as number | undefined;
  while (series !== undefined && deleted < limit) {
    const left = limit - deleted;
    const end = stmt(db, BATCH_END).pluck().get(series, cutoff, left) as number | undefined;
    deleted += stmt(db, DELETE_RANGE).run(series, end ?? cutoff).changes;
    series = stmt(db, NEXT_SERIES).pluck().get(series) as number | undefined;
  }
  return deleted;
}

/**
 * Deletes one batch of expired rows from each table; returns how many went. Callers repeat (yielding to
 * the event loop in between) until it returns 0, so a week of backlog never holds the write lock at once.
 */
export function pruneTelemetryBatch(
  db: Db,
  nowMs: number,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): number {
  const rawCutoff = nowMs - policy.rawDays * DAY_MS;
  const minuteCutoff = nowMs - policy.minuteDays * DAY_MS;
  return db.transaction(() => {
    const raw = pruneRawBatch(db, rawCutoff, policy.batchSize);
    const minute = stmt(
      db,
      `DELETE FROM readings_minute WHERE (series, bucket_start) IN
         (SELECT series, bucket_start FROM readings_minute WHERE bucket_start < ? ORDER BY bucket_start LIMIT ?)`,
    ).run(minuteCutoff, policy.batchSize).changes;
    return raw + minute;
  })();
}

/** Prunes everything expired, batch by batch, yielding between batches. Returns the rows deleted. */
export async function pruneTelemetry(
  db: Db,
  nowMs: number,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = pruneTelemetryBatch(db, nowMs, policy);
    total += deleted;
    if (deleted === 0) return total;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
