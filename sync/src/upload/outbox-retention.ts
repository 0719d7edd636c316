import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";

const DAY_MS = 86_400_000;

export interface OutboxRetention {
  /** Acknowledged ops are kept this many days (default 30): what the till sent, and when, for diagnosis. */
  keepDays: number;
  /** Rows deleted per transaction (default 2000): sales share the file, so each write lock stays short. */
  batchSize: number;
}

export const DEFAULT_OUTBOX_RETENTION: OutboxRetention = { keepDays: 30, batchSize: 2000 };

// Only ops the cloud has applied (seq ≤ acked_seq, sync/src/upload) and never a parked one, which waits for
// a retry at the till. `seq` is AUTOINCREMENT (0001_foundation.sql), so a deleted op's seq is never handed
// out again and the drainer's "everything after acked_seq" stays true. created_at is ISO-8601 UTC text, so
// comparing it as text compares the times.
const PRUNE_BATCH = `
  DELETE FROM outbox WHERE seq IN (
    SELECT o.seq FROM outbox o
    WHERE o.seq <= (SELECT acked_seq FROM sync_state WHERE id = 1)
      AND o.created_at < ?
      AND NOT EXISTS (SELECT 1 FROM outbox_parked p WHERE p.op_id = o.id)
    ORDER BY o.seq LIMIT ?)`;

/** Deletes one batch of acknowledged ops older than the retention; returns how many went. */
export function pruneOutboxBatch(
  db: Db,
  nowMs: number,
  policy: OutboxRetention = DEFAULT_OUTBOX_RETENTION,
): number {
  const cutoff = new Date(nowMs - policy.keepDays * DAY_MS).toISOString();
  return stmt(db, PRUNE_BATCH).run(cutoff, policy.batchSize).changes;
}

/**
 * Keeps the appliance's outbox from growing for ever: deletes acknowledged ops older than the retention,
 * batch by batch, yielding to the event loop in between. An appliance that was never paired keeps every op
 * (acked_seq is 0): the cloud has not learnt about any of them yet.
 */
export async function pruneOutbox(
  db: Db,
  nowMs: number,
  policy: OutboxRetention = DEFAULT_OUTBOX_RETENTION,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = pruneOutboxBatch(db, nowMs, policy);
    total += deleted;
    if (deleted < policy.batchSize) return total;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
