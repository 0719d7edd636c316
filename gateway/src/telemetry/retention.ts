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
    const raw = stmt(
      db,
      "DELETE FROM readings WHERE rowid IN (SELECT rowid FROM readings WHERE at < ? ORDER BY at LIMIT ?)",
    ).run(rawCutoff, policy.batchSize).changes;
    const minute = stmt(
      db,
      `DELETE FROM readings_minute WHERE (device_id, key, bucket_start) IN
         (SELECT device_id, key, bucket_start FROM readings_minute WHERE bucket_start < ? ORDER BY bucket_start LIMIT ?)`,
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
