import { MAX_STOCK_QUANTITY } from "@mostrador/contracts/limits";
import type { ReceiptInput, ReceiptResult } from "@mostrador/contracts/http/purchasing";
import { PURCHASE_LINES_MAX } from "@mostrador/contracts/http/purchasing";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { insertStockMovements, onHand } from "../stock/movements.js";
import { averageCost, setAverageCost, weightedAverage } from "./costs.js";
import { addLineCost, checkQuantityAndCost, enqueueOrder, getOrder, productOfLine } from "./orders.js";
import { getSupplier } from "./suppliers.js";

const invalid = (code: string, message: string) => new DomainError("invalid", code, message);

/**
 * Goods in: against a sent (or partly received) order, or without one. In ONE transaction: a "receipt"
 * movement per line in the stock ledger (the trigger moves on-hand), the product's weighted average cost,
 * the receipt and its lines, the order's received quantities and status, and the outbox (the receipt,
 * each stock movement, and the order) and an audit record. stock.changed after the commit.
 *
 * Policy on more than ordered: refused (conflict `over_received`) unless `allowOver` says the goods really
 * came; then the excess is received and costed like the rest, and the line shows received > quantity.
 * A product not on the order is refused: it is received without an order instead.
 */
export function receiveGoods(
  ctx: Ctx,
  actor: { staffId: string | null; terminalId?: string | null },
  input: ReceiptInput,
): ReceiptResult {
  const lines = input.lines;
  if (!Array.isArray(lines) || lines.length === 0)
    throw invalid("empty_receipt", "La recepción necesita al menos una línea");
  if (lines.length > PURCHASE_LINES_MAX)
    throw invalid("too_many_lines", `Una recepción admite hasta ${PURCHASE_LINES_MAX} líneas`);
  const result = ctx.db.transaction(() => {
    const order = input.orderId ? orderForBody(ctx, input.orderId) : null;
    if (order && order.status !== "sent" && order.status !== "partly_received") {
      const why = {
        draft: "todavía es un borrador: enviala antes de recibir",
        received: "ya se recibió completa",
        cancelled: "está cancelada",
      }[order.status as "draft" | "received" | "cancelled"];
      throw new DomainError("conflict", "order_not_receivable", `La orden ${order.number} ${why}`);
    }
    let supplierId = order?.supplierId ?? input.supplierId ?? null;
    if (!order && supplierId) {
      try {
        supplierId = getSupplier(ctx, supplierId).id;
      } catch {
        throw invalid("unknown_supplier", "El proveedor no existe");
      }
    }
    const seen = new Set<string>();
    let checkedTotal = 0;
    const checked = lines.map((line, i) => {
      const n = i + 1;
      checkQuantityAndCost(line, n);
      const product = productOfLine(ctx.db, line.productId, n);
      checkedTotal = addLineCost(checkedTotal, line, product.unit, n);
      if (seen.has(line.productId))
        throw invalid("duplicate_product", `Línea ${n}: el producto ya está en la recepción`);
      seen.add(line.productId);
      if (order) {
        const ordered = order.lines.find((l) => l.productId === line.productId);
        if (!ordered)
          throw invalid("not_on_order", `Línea ${n}: el producto no está en la orden ${order.number}`);
        if (ordered.received + line.quantity > ordered.quantity && !input.allowOver)
          throw new DomainError(
            "conflict",
            "over_received",
            `${ordered.productName}: se pidieron ${ordered.quantity} y llegarían ${ordered.received + line.quantity}; confirmá que llegó de más`,
          );
      }
      return { ...line, unit: product.unit };
    });

    const id = newId();
    const at = isoNow(ctx);
    const answerLines: ReceiptResult["lines"] = [];
    const payloadLines = [];
    let total = 0;
    const insertLine = stmt(
      ctx.db,
      `INSERT INTO purchase_receipt_lines (receipt_id, line_no, product_id, quantity, unit_cost, average_cost, stock_movement_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    // The receipt row first: its lines point at it.
    stmt(
      ctx.db,
      "INSERT INTO purchase_receipts (id, order_id, supplier_id, staff_id, total, at) VALUES (?, ?, ?, ?, 0, ?)",
    ).run(id, order?.id ?? null, supplierId, actor.staffId, at);
    for (const [i, line] of checked.entries()) {
      const before = onHand(ctx.db, line.productId);
      if (before + line.quantity > MAX_STOCK_QUANTITY)
        throw invalid("invalid_quantity", `Línea ${i + 1}: el stock pasaría el máximo admitido`);
      const average = weightedAverage(
        before,
        averageCost(ctx.db, line.productId),
        line.quantity,
        line.unitCost,
      );
      setAverageCost(ctx.db, line.productId, average, at);
      const movementId = newId();
      insertStockMovements(ctx.db, [
        {
          id: movementId,
          productId: line.productId,
          quantity: line.quantity,
          reason: "receipt",
          refId: id,
          staffId: actor.staffId,
          at,
        },
      ]);
      enqueueOutbox(ctx.db, {
        entity: "stock_movement",
        entityId: movementId,
        op: "created",
        payload: {
          id: movementId,
          productId: line.productId,
          quantity: line.quantity,
          reason: "receipt",
          note: null,
          staffId: actor.staffId,
          at,
        },
        at,
      });
      insertLine.run(id, i + 1, line.productId, line.quantity, line.unitCost, average, movementId);
      if (order)
        stmt(
          ctx.db,
          "UPDATE purchase_order_lines SET received = received + ? WHERE order_id = ? AND product_id = ?",
        ).run(line.quantity, order.id, line.productId);
      total = addLineCost(total, line, line.unit, i + 1);
      answerLines.push({
        productId: line.productId,
        quantity: line.quantity,
        unitCost: line.unitCost,
        averageCost: average,
        onHand: before + line.quantity,
      });
      payloadLines.push({
        productId: line.productId,
        quantity: line.quantity,
        unitCost: line.unitCost,
        averageCost: average,
        stockMovementId: movementId,
      });
    }
    stmt(ctx.db, "UPDATE purchase_receipts SET total = ? WHERE id = ?").run(total, id);
    enqueueOutbox(ctx.db, {
      entity: "purchase_receipt",
      entityId: id,
      op: "created",
      payload: {
        id,
        orderId: order?.id ?? null,
        supplierId,
        lines: payloadLines,
        total,
        staffId: actor.staffId,
        at,
      },
      at,
    });
    recordAudit(ctx.db, {
      at,
      staffId: actor.staffId,
      terminalId: actor.terminalId ?? null,
      action: "purchasing.receive",
      entity: "purchase_receipt",
      entityId: id,
      details: {
        orderId: order?.id ?? null,
        lines: checked.length,
        total,
        ...(input.allowOver ? { allowOver: true } : {}),
      },
    });
    let after = null;
    if (order) {
      const complete =
        (ctx.db
          .prepare("SELECT count(*) FROM purchase_order_lines WHERE order_id = ? AND received < quantity")
          .pluck()
          .get(order.id) as number) === 0;
      stmt(ctx.db, "UPDATE purchase_orders SET status = ?, closed_at = ? WHERE id = ?").run(
        complete ? "received" : "partly_received",
        complete ? at : null,
        order.id,
      );
      after = getOrder(ctx, order.id);
      enqueueOrder(ctx.db, after, "received", at);
    }
    return { id, orderId: order?.id ?? null, total, order: after, lines: answerLines };
  })();
  ctx.bus.emit("stock.changed", { productIds: result.lines.map((l) => l.productId) });
  return result;
}

function orderForBody(ctx: Ctx, id: string) {
  try {
    return getOrder(ctx, id);
  } catch {
    throw invalid("unknown_order", "La orden de compra no existe");
  }
}
