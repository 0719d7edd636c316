import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { enqueueOutbox, type OutboxEntry } from "@mostrador/kernel/outbox/outbox";
// Shaped like the till's Sale; sync's tests may use the cloud's test code (they run the cloud in-process).
import { salePayload } from "@mostrador/cloud/ingest/test-ops";

/**
 * Queues `count` sale/created ops straight into the outbox, shaped exactly like the till's Sale
 * (desktop/src/pos/sale-view.ts), in transactions of 5,000. Committing 50,000 real sales through
 * pos/ would take minutes; the drainer only sees outbox rows, so these are what it uploads.
 * `advanceMsPerOp` moves the ManualClock between sales (a shop selling through 72 hours offline).
 */
export function queueSales(
  ctx: Ctx & { clock: { advance?(ms: number): void } },
  count: number,
  advanceMsPerOp = 0,
): string[] {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 5000) {
    ctx.db.transaction(() => {
      for (let i = start; i < Math.min(count, start + 5000); i++) {
        if (advanceMsPerOp) ctx.clock.advance?.(advanceMsPerOp);
        const at = isoNow(ctx);
        const sale = salePayloadOf(newId(), i + 1, at);
        enqueueOutbox(ctx.db, { entity: "sale", entityId: sale.id, op: "created", payload: sale, at });
        ids.push(sale.id);
      }
    })();
  }
  return ids;
}

/** One to three units of a 2.500,00 product: the sale payloads vary in size a little, like real tickets. */
function salePayloadOf(id: string, number: number, at: string) {
  const line = {
    productId: "0190b8a0-0000-7000-8000-0000000000b1",
    quantity: 1 + (number % 3),
    unitPrice: 250_000,
  };
  return salePayload([line], number, { id, at });
}

/**
 * Queues an op the appliance's own code cannot write: an entity, op or payload the sync operation map
 * (contracts/src/sync/ops.ts) does not allow, as a newer build or a bug would leave one in the outbox.
 * For the tests of what the cloud refuses and the drainer parks; the cast is the point.
 */
export function enqueueUncheckedOp(
  db: Ctx["db"],
  entry: { entity: string; entityId: string; op: string; payload: unknown; at: string },
): string {
  return enqueueOutbox(db, entry as unknown as OutboxEntry);
}
