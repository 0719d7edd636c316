import { newId } from "../db/ids.js";
import type { Db } from "../db/open.js";
import { stmt } from "../db/statements.js";

export interface OutboxEntry {
  /** The aggregate the cloud learns about: "sale", "return", "cash_session", "product", ... */
  entity: string;
  entityId: string;
  /** What happened to it: "created", "voided", "updated", "closed", ... */
  op: string;
  payload: unknown;
  at: string;
}

/**
 * Records a change the cloud must learn about. Must be called inside the same SQLite transaction
 * as the write itself (non-negotiable 5), so the change and its outbox entry commit or vanish together.
 * sync/ drains the table in `seq` order later; `id` (UUIDv7) is the idempotency key on the cloud side.
 */
export function enqueueOutbox(db: Db, entry: OutboxEntry): string {
  if (!db.inTransaction) throw new Error("enqueueOutbox must run inside the write's transaction");
  const id = newId();
  stmt(
    db,
    "INSERT INTO outbox (id, entity, entity_id, op, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(id, entry.entity, entry.entityId, entry.op, JSON.stringify(entry.payload), entry.at);
  return id;
}
