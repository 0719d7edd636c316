import type { Return } from "@mostrador/contracts/http/sales";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import type { Approval } from "@mostrador/kernel/staff/approval";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { commitReturn } from "../pos/returns.js";
import { getSale } from "../pos/sale-view.js";

/**
 * "Registrar la devolución": an order cancelled or refunded on the channel AFTER it became a sale gives its
 * stock back through the till's own return (pos/returns.ts: numbered, stock back in, the return's outbox op
 * and its credit note if the shop invoices), of everything still unreturned, refunded to "online" (the
 * channel gives the buyer the money back, not the drawer). Needs "sale.return" or a manager's approval,
 * like any return. Before the sale there is nothing to return: the cancellation released the reservation.
 */
export function giveBackOnlineOrder(
  ctx: Ctx,
  principal: Principal,
  orderId: string,
  approval: Approval | null | undefined,
): Return {
  const order = stmt(ctx.db, "SELECT status, number, sale_id FROM online_orders WHERE id = ?").get(
    orderId,
  ) as { status: string; number: string; sale_id: string | null } | undefined;
  if (!order) throw new DomainError("not_found", "online_order_not_found", "Ese pedido online no existe");
  if (order.status !== "cancelled" || !order.sale_id)
    throw new DomainError(
      "conflict",
      "online_order_not_returnable",
      order.sale_id
        ? `El pedido ${order.number} no está cancelado en el canal: la devolución se registra cuando el canal lo cancela`
        : `El pedido ${order.number} no se preparó: no hay venta que devolver`,
    );
  const sale = getSale(ctx, order.sale_id);
  const lines = sale.lines
    .filter((l) => l.quantity > l.returnedQuantity)
    .map((l) => ({ saleLineId: l.id, quantity: l.quantity - l.returnedQuantity }));
  if (lines.length === 0)
    throw new DomainError(
      "conflict",
      "online_order_returned",
      `La devolución del pedido ${order.number} ya está registrada`,
    );
  const { saleReturn } = commitReturn(ctx, principal, sale.id, {
    id: newId(),
    lines,
    // What each line gives back is the return's to compute; the refund is "online" for all of it.
    refunds: [{ method: "online", amount: returnTotal(ctx, sale, lines) }],
    reason: `Pedido ${order.number} cancelado en el canal`,
    approval: approval ?? null,
  });
  ctx.bus.emit("online_orders.changed", { orderIds: [orderId] });
  return saleReturn;
}

/**
 * Returning all that is left of a line refunds exactly what is left of its total (pos/returns.ts refundFor
 * gives the last units the exact remainder), so the refund is each line's total minus what came back of it.
 */
function returnTotal(
  ctx: Ctx,
  sale: ReturnType<typeof getSale>,
  lines: readonly { saleLineId: string; quantity: number }[],
): number {
  const done = ctx.db
    .prepare("SELECT COALESCE(SUM(total), 0) FROM return_lines WHERE sale_line_id = ?")
    .pluck();
  const byId = new Map(sale.lines.map((l) => [l.id, l.total]));
  return lines.reduce((s, l) => s + (byId.get(l.saleLineId) ?? 0) - (done.get(l.saleLineId) as number), 0);
}
