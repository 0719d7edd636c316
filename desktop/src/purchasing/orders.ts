import { MAX_AMOUNT, MAX_STOCK_QUANTITY } from "@mostrador/contracts/limits";
import type {
  NewOrderInput,
  PurchaseOrder,
  PurchaseOrderLine,
  PurchaseOrderStatus,
} from "@mostrador/contracts/http/purchasing";
import { PURCHASE_LINES_MAX } from "@mostrador/contracts/http/purchasing";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { lineCost, type Unit } from "./costs.js";
import { getSupplier } from "./suppliers.js";

const invalid = (code: string, message: string) => new DomainError("invalid", code, message);

interface OrderRow {
  id: string;
  number: number;
  supplierId: string;
  supplierName: string;
  status: PurchaseOrderStatus;
  note: string | null;
  createdAt: string;
  sentAt: string | null;
  closedAt: string | null;
}

const ORDER_SELECT = `SELECT o.id, o.number, o.supplier_id AS supplierId, s.name AS supplierName, o.status,
  o.note, o.created_at AS createdAt, o.sent_at AS sentAt, o.closed_at AS closedAt
  FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id`;

function linesOf(db: Db, orderId: string): PurchaseOrderLine[] {
  const rows = stmt(
    db,
    `SELECT l.product_id AS productId, p.name AS productName, p.sku, p.unit, l.quantity, l.received,
            l.unit_cost AS unitCost,
            (SELECT json_group_array(b.barcode) FROM product_barcodes b WHERE b.product_id = p.id) AS barcodes
       FROM purchase_order_lines l JOIN products p ON p.id = l.product_id
      WHERE l.order_id = ? ORDER BY l.line_no`,
  ).all(orderId) as (Omit<PurchaseOrderLine, "barcodes" | "total"> & { barcodes: string })[];
  return rows.map((r) => ({
    ...r,
    barcodes: JSON.parse(r.barcodes) as string[],
    total: lineCost(r.quantity, r.unitCost, r.unit),
  }));
}

function toOrder(db: Db, row: OrderRow): PurchaseOrder {
  const lines = linesOf(db, row.id);
  return { ...row, lines, total: lines.reduce((sum, l) => sum + l.total, 0) };
}

export function getOrder(ctx: Ctx, id: string): PurchaseOrder {
  const row = stmt(ctx.db, `${ORDER_SELECT} WHERE o.id = ?`).get(id) as OrderRow | undefined;
  if (!row) throw new DomainError("not_found", "order_not_found", "La orden de compra no existe");
  return toOrder(ctx.db, row);
}

/** Open orders first (what is still to arrive), then the closed ones, newest first within each. */
export function listOrders(ctx: Ctx, limit = 200): PurchaseOrder[] {
  const rows = ctx.db
    .prepare(`${ORDER_SELECT} ORDER BY o.status IN ('received', 'cancelled'), o.number DESC LIMIT ?`)
    .all(limit) as OrderRow[];
  return rows.map((r) => toOrder(ctx.db, r));
}

/** The order as the cloud keeps it, enqueued in the caller's transaction. */
export function enqueueOrder(
  db: Db,
  order: PurchaseOrder,
  op: "created" | "sent" | "received" | "cancelled",
  at: string,
): void {
  enqueueOutbox(db, {
    entity: "purchase_order",
    entityId: order.id,
    op,
    payload: {
      id: order.id,
      number: order.number,
      supplierId: order.supplierId,
      status: order.status,
      lines: order.lines.map((l) => ({
        productId: l.productId,
        quantity: l.quantity,
        unitCost: l.unitCost,
        received: l.received,
      })),
      total: order.total,
      note: order.note,
      at,
    },
    at,
  });
}

/** Quantity and cost of a line typed by a person: integers, quantity > 0, cost ≥ 0, within the limits. */
export function checkQuantityAndCost(line: { quantity: number; unitCost: number }, n: number): void {
  if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0 || line.quantity > MAX_STOCK_QUANTITY)
    throw invalid("invalid_quantity", `Línea ${n}: la cantidad debe ser un entero mayor que cero`);
  if (!Number.isSafeInteger(line.unitCost) || line.unitCost < 0 || line.unitCost > MAX_AMOUNT)
    throw invalid("invalid_cost", `Línea ${n}: el costo no puede ser negativo`);
}

/**
 * A line's cost and the running total, refused past MAX_AMOUNT (a typo such as a cost typed in centavos
 * twice): the answer's totals stay exact integers and within what the cloud accepts.
 */
export function addLineCost(
  total: number,
  line: { quantity: number; unitCost: number },
  unit: Unit,
  n: number,
): number {
  const cost = lineCost(line.quantity, line.unitCost, unit);
  if (cost > MAX_AMOUNT)
    throw invalid("line_too_large", `Línea ${n}: cantidad × costo supera el máximo admitido`);
  if (total + cost > MAX_AMOUNT)
    throw invalid("total_too_large", "El total supera el máximo admitido: dividilo en dos");
  return total + cost;
}

/** The product of line n, refused as bad input (400) when it does not exist: the body named it. */
export function productOfLine(
  db: Db,
  productId: string,
  n: number,
): { id: string; unit: Unit; active: number } {
  const p = stmt(
    db,
    "SELECT id, name, unit, active, variant_axes IS NOT NULL AS model FROM products WHERE id = ?",
  ).get(productId) as { id: string; name: string; unit: Unit; active: number; model: number } | undefined;
  if (!p) throw invalid("unknown_product", `Línea ${n}: el producto no existe`);
  // Goods are bought and received per variant (talle, color): a model has no stock of its own.
  if (p.model === 1) {
    throw invalid("model_not_stocked", `Línea ${n}: "${p.name}" tiene variantes: pedí cada variante`);
  }
  return { id: p.id, unit: p.unit, active: p.active };
}

/** A draft order for an active supplier; each product at most once. */
export function createOrder(
  ctx: Ctx,
  actor: { staffId: string | null },
  input: NewOrderInput,
): PurchaseOrder {
  if (!Array.isArray(input.lines) || input.lines.length === 0)
    throw invalid("empty_order", "La orden de compra necesita al menos una línea");
  if (input.lines.length > PURCHASE_LINES_MAX)
    throw invalid("too_many_lines", `Una orden admite hasta ${PURCHASE_LINES_MAX} líneas`);
  const note = typeof input.note === "string" && input.note.trim() !== "" ? input.note.trim() : null;
  const order = ctx.db.transaction(() => {
    const supplier = getSupplierForBody(ctx, input.supplierId);
    if (!supplier.active)
      throw invalid("inactive_supplier", `El proveedor ${supplier.name} está dado de baja`);
    const seen = new Set<string>();
    let total = 0;
    input.lines.forEach((line, i) => {
      checkQuantityAndCost(line, i + 1);
      const product = productOfLine(ctx.db, line.productId, i + 1);
      total = addLineCost(total, line, product.unit, i + 1);
      if (seen.has(line.productId))
        throw invalid("duplicate_product", `Línea ${i + 1}: el producto ya está en la orden`);
      seen.add(line.productId);
    });
    const id = newId();
    const at = isoNow(ctx);
    const number = ctx.db
      .prepare("SELECT COALESCE(MAX(number), 0) + 1 FROM purchase_orders")
      .pluck()
      .get() as number;
    stmt(
      ctx.db,
      "INSERT INTO purchase_orders (id, number, supplier_id, status, note, staff_id, created_at) VALUES (?, ?, ?, 'draft', ?, ?, ?)",
    ).run(id, number, supplier.id, note, actor.staffId, at);
    const insertLine = stmt(
      ctx.db,
      "INSERT INTO purchase_order_lines (order_id, line_no, product_id, quantity, unit_cost) VALUES (?, ?, ?, ?, ?)",
    );
    input.lines.forEach((l, i) => insertLine.run(id, i + 1, l.productId, l.quantity, l.unitCost));
    const order = getOrder(ctx, id);
    enqueueOrder(ctx.db, order, "created", at);
    return order;
  })();
  return order;
}

/** A supplier named in a request body: unknown is bad input (400), not a missing page. */
function getSupplierForBody(ctx: Ctx, id: string) {
  try {
    return getSupplier(ctx, id);
  } catch (e) {
    if (e instanceof DomainError && e.kind === "not_found")
      throw invalid("unknown_supplier", "El proveedor no existe");
    throw e;
  }
}

/** draft → sent: the order went to the supplier; it can be received from now on. */
export function sendOrder(ctx: Ctx, id: string): PurchaseOrder {
  return ctx.db.transaction(() => {
    const order = getOrder(ctx, id);
    if (order.status !== "draft")
      throw new DomainError("conflict", "order_not_draft", `La orden ${order.number} ya fue enviada`);
    const at = isoNow(ctx);
    stmt(ctx.db, "UPDATE purchase_orders SET status = 'sent', sent_at = ? WHERE id = ?").run(at, id);
    const sent = getOrder(ctx, id);
    enqueueOrder(ctx.db, sent, "sent", at);
    return sent;
  })();
}

/**
 * Cancels what is still to arrive. A draft, a sent order, or a partly received one (the rest will not
 * come; what arrived stays in stock and in its receipts) may be cancelled; a received or cancelled one not.
 */
export function cancelOrder(
  ctx: Ctx,
  actor: { staffId: string | null; terminalId?: string | null },
  id: string,
): PurchaseOrder {
  return ctx.db.transaction(() => {
    const order = getOrder(ctx, id);
    if (order.status === "received")
      throw new DomainError("conflict", "order_received", `La orden ${order.number} ya se recibió completa`);
    if (order.status === "cancelled")
      throw new DomainError("conflict", "order_cancelled", `La orden ${order.number} ya está cancelada`);
    const at = isoNow(ctx);
    stmt(ctx.db, "UPDATE purchase_orders SET status = 'cancelled', closed_at = ? WHERE id = ?").run(at, id);
    const cancelled = getOrder(ctx, id);
    enqueueOrder(ctx.db, cancelled, "cancelled", at);
    recordAudit(ctx.db, {
      at,
      staffId: actor.staffId,
      terminalId: actor.terminalId ?? null,
      action: "purchasing.cancel_order",
      entity: "purchase_order",
      entityId: id,
      details: { number: order.number, status: order.status },
    });
    return cancelled;
  })();
}
