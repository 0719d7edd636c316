import type { Entity, OpOf, OpPayload } from "@mostrador/contracts/sync/ops";
import { newId } from "../db/ids.js";
import type { Db } from "../db/open.js";
import { stmt } from "../db/statements.js";

/**
 * One change for the cloud, checked by TypeScript against the sync operation map
 * (contracts/src/sync/ops.ts): an entity and op the map lists, and the payload its schema describes, so a
 * misspelled or missing field fails the typecheck here instead of parking the op in the cloud.
 */
export interface OutboxEntry<E extends Entity = Entity, O extends OpOf<E> = OpOf<E>> {
  /** The aggregate the cloud learns about: "sale", "return", "cash_session", "product", ... */
  entity: E;
  entityId: string;
  /** What happened to it: "created", "voided", "updated", "closed", ... */
  op: O;
  payload: OpPayload<E, O>;
  at: string;
}

/**
 * Records a change the cloud must learn about. Must be called inside the same SQLite transaction
 * as the write itself (non-negotiable 5), so the change and its outbox entry commit or vanish together.
 * sync/ drains the table in `seq` order later; `id` (UUIDv7) is the idempotency key on the cloud side.
 */
export function enqueueOutbox<E extends Entity, O extends OpOf<E>>(db: Db, entry: OutboxEntry<E, O>): string {
  if (!db.inTransaction) throw new Error("enqueueOutbox must run inside the write's transaction");
  const id = newId();
  stmt(
    db,
    "INSERT INTO outbox (id, entity, entity_id, op, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(id, entry.entity, entry.entityId, entry.op, JSON.stringify(entry.payload), entry.at);
  return id;
}
