import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";

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

// Raw readings are keyed by (at_us, series), oldest first: expired rows are a prefix of the primary key.
/** The key of the `limit`-th oldest expired row: deleting every key up to it removes exactly `limit` rows. */
const BATCH_LAST =
  "SELECT at_us, series FROM readings WHERE at_us < ? ORDER BY at_us, series LIMIT 1 OFFSET ?";
// Row-value comparison walks the primary key. Stamps are unique per reading today, but rows imported with
// writeReadings may share one, so the bound is the whole key (at_us, series).
const DELETE_THROUGH = "DELETE FROM readings WHERE (at_us, series) <= (?, ?)";
const DELETE_BEFORE = "DELETE FROM readings WHERE at_us < ?";

/** Deletes up to `limit` raw rows stamped before `cutoffUs`, oldest first. */
function pruneRawBatch(db: Db, cutoffUs: number, limit: number): number {
  const last = stmt(db, BATCH_LAST)
    .raw()
    .get(cutoffUs, limit - 1) as [number, number] | undefined;
  // Fewer than `limit` expired rows: they all go.
  if (!last) return stmt(db, DELETE_BEFORE).run(cutoffUs).changes;
  return stmt(db, DELETE_THROUGH).run(last[0], last[1]).changes;
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
    const raw = pruneRawBatch(db, rawCutoff * 1000, policy.batchSize);
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
