import { type Ctx, isoNow } from "../../../../desktop/src/core/context.js";
import { newId } from "../../../../desktop/src/db/ids.js";
import { enqueueOutbox } from "../../../../desktop/src/outbox/outbox.js";

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
        const sale = salePayload(newId(), i + 1, at);
        enqueueOutbox(ctx.db, { entity: "sale", entityId: sale.id, op: "created", payload: sale, at });
        ids.push(sale.id);
      }
    })();
  }
  return ids;
}

export function salePayload(id: string, number: number, at: string) {
  const quantity = 1 + (number % 3);
  const total = 250_000 * quantity;
  const net = 206_612 * quantity;
  return {
    id,
    number,
    terminalId: "0190b8a0-0000-7000-8000-000000000001",
    terminalCode: 1,
    displayNumber: `0001-${String(number).padStart(8, "0")}`,
    cashSessionId: "0190b8a0-0000-7000-8000-0000000000c5",
    status: "completed",
    createdAt: at,
    staffId: "0190b8a0-0000-7000-8000-0000000000a1",
    staffName: "Carla Cajera",
    subtotal: total,
    lineDiscountTotal: 0,
    ticketDiscount: null,
    ticketDiscountTotal: 0,
    total,
    netTotal: net,
    ivaTotal: total - net,
    ivaByRate: [{ rate: 2100, net, iva: total - net }],
    changeGiven: 0,
    discountApprovedBy: null,
    voidedAt: null,
    voidedBy: null,
    voidApprovedBy: null,
    voidReason: null,
    lines: [
      {
        id: newId(),
        lineNo: 1,
        productId: "0190b8a0-0000-7000-8000-0000000000b1",
        description: "Gaseosa cola 2,25 L",
        unit: "each",
        quantity,
        unitPrice: 250_000,
        gross: total,
        discount: null,
        lineDiscount: 0,
        ticketDiscountShare: 0,
        total,
        ivaRate: 2100,
        net,
        iva: total - net,
        barcode: "7790000000013",
        returnedQuantity: 0,
      },
    ],
    payments: [{ id: newId(), method: "cash", amount: total, tendered: total, change: 0, reference: null }],
    returns: [],
    warnings: [],
  };
}
