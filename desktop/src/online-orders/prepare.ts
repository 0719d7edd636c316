import type { Sale } from "@mostrador/contracts/http/sales";
import { checkPayments } from "@mostrador/contracts/pos/payments";
import { computeTotals } from "@mostrador/contracts/pos/totals";
import { OnlineOrderLines } from "@mostrador/contracts/sync/online-orders";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { Value } from "@sinclair/typebox/value";
import { getProductsByIds } from "../catalog/products.js";
import { requireOpenCashSession, terminalOfPrincipal } from "../pos/open-cash-session.js";
import { runSaleWritten } from "../pos/sale-hooks.js";
import type { ResolvedLine } from "../pos/sale-lines.js";
import { type SaleDraft, writeSale } from "../pos/sale-write.js";
import { releaseForOrder } from "../stock/reservations.js";

const CHANNEL_NAME = { tiendanube: "Tiendanube", mercadolibre: "Mercado Libre" } as const;

interface OrderRow {
  id: string;
  channel: keyof typeof CHANNEL_NAME;
  number: string;
  status: "open" | "paid" | "cancelled";
  lines: string;
  sale_id: string | null;
}

const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError("conflict", code, message, details);

function orderOf(ctx: Ctx, id: string): OrderRow {
  const row = stmt(
    ctx.db,
    "SELECT id, channel, number, status, lines, sale_id FROM online_orders WHERE id = ?",
  ).get(id) as OrderRow | undefined;
  if (!row) throw new DomainError("not_found", "online_order_not_found", "Ese pedido online no existe");
  return row;
}

/**
 * The order as a drafted sale: one line per order line at the price the channel charged (not the till's),
 * paid in full with "online". A product sold by weight sells 1000 g per unit the channel sold (its price is
 * per kg). Refuses an order that is cancelled, unpaid, already prepared, or has a line on no product here.
 */
function draftOrderSale(ctx: Ctx, principal: Principal, order: OrderRow): SaleDraft {
  const label = `${CHANNEL_NAME[order.channel]} ${order.number}`;
  if (order.sale_id)
    throw conflict("online_order_prepared", `El pedido ${label} ya se preparó: es una venta registrada`);
  if (order.status === "cancelled")
    throw conflict("online_order_cancelled", `El pedido ${label} está cancelado en el canal: no se prepara`);
  if (order.status !== "paid")
    throw conflict(
      "online_order_unpaid",
      `El pedido ${label} todavía no está pagado en el canal: se prepara cuando se acredite el pago`,
    );
  const parsed: unknown = JSON.parse(order.lines);
  if (!Value.Check(OnlineOrderLines, parsed) || parsed.length === 0)
    throw conflict(
      "online_order_unreadable",
      `El pedido ${label} no tiene líneas que esta versión pueda leer`,
    );
  const terminalId = terminalOfPrincipal(principal);
  const cashSessionId = requireOpenCashSession(ctx, terminalId);
  const products = new Map(
    getProductsByIds(
      ctx,
      parsed.flatMap((l) => (l.productId ? [l.productId] : [])),
    ).map((p) => [p.id, p]),
  );
  const lines: ResolvedLine[] = parsed.map((l, i) => {
    const product = l.productId ? products.get(l.productId) : undefined;
    if (!product)
      throw conflict(
        "online_order_line_unlinked",
        `Línea ${i + 1} («${l.title}»): la publicación no está vinculada a un producto de la tienda; vinculala en Canales del panel`,
        { line: i + 1 },
      );
    return {
      product,
      barcode: null,
      cart: {
        key: String(i + 1),
        unit: product.unit,
        quantity: product.unit === "kg" ? l.quantity * 1000 : l.quantity,
        unitPrice: l.unitPrice,
        ivaRate: product.ivaRate,
        discount: null,
      },
    };
  });
  const totals = computeTotals({ lines: lines.map((l) => l.cart) });
  const paid =
    totals.total > 0
      ? checkPayments(totals.total, [
          { method: "online", amount: totals.total, reference: label.slice(0, 80) },
        ])
      : { payments: [], changeGiven: 0 };
  return {
    terminalId,
    cashSessionId,
    lines,
    totals,
    ticketDiscount: null,
    pointsDiscount: null,
    paid,
    warnings: [],
    limitBp: 10_000,
    customer: null,
    bookingId: null,
  };
}

/**
 * "Preparar": the paid order becomes ONE sale of this store through the till's sale write (numbered here,
 * invoiced by the invoicing hook as the shop's settings say, its stock movements and outbox op), paid with
 * "online"; the order's reservation is released as sold in the same transaction, so the stock comes off
 * exactly once; and online_order/prepared is enqueued after the sale, so the cloud never counts both.
 */
export function prepareOnlineOrder(ctx: Ctx, principal: Principal, orderId: string): Sale {
  const draft = draftOrderSale(ctx, principal, orderOf(ctx, orderId));
  const sale = ctx.db
    .transaction((): Sale => {
      // Under the write lock: the order as it is now (a shape batch may have cancelled it meanwhile).
      const order = orderOf(ctx, orderId);
      draftOrderSale(ctx, principal, order);
      const at = isoNow(ctx);
      releaseForOrder(ctx.db, order.id, "sold", at);
      const written = writeSale(ctx, principal, newId(), draft, null);
      runSaleWritten(ctx, principal, written, null, { cardId: null });
      stmt(ctx.db, "UPDATE online_orders SET sale_id = ?, prepared_at = ?, prepared_by = ? WHERE id = ?").run(
        written.id,
        at,
        principal.staffId,
        order.id,
      );
      enqueueOutbox(ctx.db, {
        entity: "online_order",
        entityId: order.id,
        op: "prepared",
        payload: { id: order.id, saleId: written.id, saleNumber: written.displayNumber, preparedAt: at },
        at,
      });
      return written;
    })
    .immediate();
  ctx.bus.emit("sale.committed", {
    saleId: sale.id,
    terminalId: sale.terminalId,
    number: sale.number,
    total: sale.total,
  });
  ctx.bus.emit("stock.changed", { productIds: [...new Set(sale.lines.map((l) => l.productId))] });
  ctx.bus.emit("online_orders.changed", { orderIds: [orderId] });
  return sale;
}
