import { MAX_STOCK_QUANTITY } from "@mostrador/contracts/limits";
import type { ProductUnit } from "../catalog/product-input.js";
import { getProduct } from "../catalog/products.js";
import { assertStockable } from "../catalog/variant-rules.js";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { insertStockMovements, onHand } from "./movements.js";
import { formatQuantity } from "./quantity-format.js";

import type { AdjustmentReason } from "@mostrador/contracts/http/catalog";

export interface StockAdjustmentInput {
  productId: string;
  /**
   * "adjustment": signed change (−3 for three broken bottles); "receipt": goods received (> 0);
   * "count": the quantity physically counted, which replaces on-hand. Units, or grams for kg products.
   */
  quantity: number;
  reason: AdjustmentReason;
  note?: string | null;
}

/** Past a billion units (or 1000 t) a quantity is a typo; refusing it also keeps sums far from overflow. */
export { MAX_STOCK_QUANTITY };
const MAX_NOTE = 200;

const invalid = (code: string, message: string) => new DomainError("invalid", code, message);

function deltaFor(input: StockAdjustmentInput, current: number, unit: ProductUnit): number {
  const q = input.quantity;
  if (!Number.isSafeInteger(q) || Math.abs(q) > MAX_STOCK_QUANTITY) {
    const whole = unit === "kg" ? " (en gramos)" : "";
    throw invalid(
      "invalid_quantity",
      `La cantidad debe ser un número entero${whole} de hasta ${formatQuantity(MAX_STOCK_QUANTITY, unit)}`,
    );
  }
  switch (input.reason) {
    case "adjustment":
      if (q === 0) throw invalid("invalid_quantity", "Un ajuste de stock no puede ser cero");
      return q;
    case "receipt":
      if (q <= 0)
        throw invalid("invalid_quantity", "Una recepción de mercadería debe sumar una cantidad positiva");
      return q;
    case "count":
      if (q < 0) throw invalid("invalid_quantity", "Un conteo no puede dar una cantidad negativa");
      return q - current;
    default:
      throw invalid("invalid_reason", 'El motivo debe ser "adjustment", "receipt" o "count"');
  }
}

/**
 * Corrects stock by hand: one ledger movement (the trigger updates on-hand), its outbox entry and an
 * audit record, all in one transaction; stock.changed after the commit. A count that matches what
 * the system had writes no movement (the ledger has no zero rows) but is still audited.
 */
export function adjustStock(
  ctx: Ctx,
  actor: { staffId: string; terminalId?: string | null },
  input: StockAdjustmentInput,
): { onHand: number } {
  const note = typeof input.note === "string" ? input.note.trim() : "";
  if (note.length > MAX_NOTE) throw invalid("invalid_note", `La nota admite hasta ${MAX_NOTE} caracteres`);
  const result = ctx.db.transaction(() => {
    const product = getProduct(ctx, input.productId);
    assertStockable(product);
    const before = onHand(ctx.db, product.id);
    const delta = deltaFor(input, before, product.unit);
    if (Math.abs(before + delta) > MAX_STOCK_QUANTITY) {
      throw invalid(
        "invalid_quantity",
        `El stock quedaría en ${formatQuantity(before + delta, product.unit)}, más que el máximo de ${formatQuantity(MAX_STOCK_QUANTITY, product.unit)}: revisá la cantidad`,
      );
    }
    const at = isoNow(ctx);
    const movementId = newId();
    if (delta !== 0) {
      insertStockMovements(ctx.db, [
        {
          id: movementId,
          productId: product.id,
          quantity: delta,
          reason: input.reason,
          refId: null,
          staffId: actor.staffId,
          note: note || null,
          at,
        },
      ]);
      enqueueOutbox(ctx.db, {
        entity: "stock_movement",
        entityId: movementId,
        op: "created",
        payload: {
          id: movementId,
          productId: product.id,
          quantity: delta,
          reason: input.reason,
          note: note || null,
          staffId: actor.staffId,
          at,
        },
        at,
      });
    }
    const after = onHand(ctx.db, product.id);
    recordAudit(ctx.db, {
      at,
      staffId: actor.staffId,
      terminalId: actor.terminalId ?? null,
      action: "stock.adjust",
      entity: "product",
      entityId: product.id,
      details: { reason: input.reason, delta, before, after, ...(note ? { note } : {}) },
    });
    return { onHand: after, changed: delta !== 0, productId: product.id };
  })();
  if (result.changed) ctx.bus.emit("stock.changed", { productIds: [result.productId] });
  return { onHand: result.onHand };
}
