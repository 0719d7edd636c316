import type { OnlineOrderDetail, OnlineOrderSummary } from "@mostrador/contracts/http/online-orders";
import { OnlineOrderLines } from "@mostrador/contracts/sync/online-orders";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { Value } from "@sinclair/typebox/value";
import { displayNumber } from "../pos/numbering.js";
import { heldByOrder } from "../stock/reservations.js";

interface OrderRow {
  id: string;
  channel: OnlineOrderSummary["channel"];
  remote_order_id: string;
  remote_pack_id: string | null;
  number: string;
  status: OnlineOrderSummary["status"];
  buyer_name: string;
  total: number;
  lines: string;
  placed_at: string;
  updated_at: string;
  sale_id: string | null;
  prepared_at: string | null;
}

/** The stored lines; a row this version cannot read shows no lines rather than failing the screen. */
function linesOf(
  row: OrderRow,
): OnlineOrderDetail["lines"] extends (infer L)[] ? Omit<L, "productName">[] : never {
  try {
    const parsed: unknown = JSON.parse(row.lines);
    return Value.Check(OnlineOrderLines, parsed) ? parsed : [];
  } catch {
    return [];
  }
}

const summaryOf = (row: OrderRow): OnlineOrderSummary => ({
  id: row.id,
  channel: row.channel,
  number: row.number,
  status: row.status,
  buyerName: row.buyer_name,
  total: row.total,
  placedAt: row.placed_at,
  unlinkedLines: linesOf(row).filter((l) => l.productId === null).length,
  ...(row.sale_id ? { prepared: true } : {}),
});

/** The newest 200 orders (or those of one status), newest first. */
export function listOnlineOrders(ctx: Ctx, status?: OnlineOrderSummary["status"]): OnlineOrderSummary[] {
  const rows = status
    ? stmt(
        ctx.db,
        "SELECT * FROM online_orders WHERE status = ? ORDER BY placed_at DESC, id DESC LIMIT 200",
      ).all(status)
    : stmt(ctx.db, "SELECT * FROM online_orders ORDER BY placed_at DESC, id DESC LIMIT 200").all();
  return (rows as OrderRow[]).map(summaryOf);
}

function saleOf(ctx: Ctx, row: OrderRow): OnlineOrderDetail["sale"] {
  if (!row.sale_id || !row.prepared_at) return null;
  const sale = stmt(
    ctx.db,
    "SELECT s.number, t.code FROM sales s JOIN terminals t ON t.id = s.terminal_id WHERE s.id = ?",
  ).get(row.sale_id) as { number: number; code: number } | undefined;
  if (!sale) return null;
  return {
    id: row.sale_id,
    displayNumber: displayNumber(sale.code, sale.number),
    preparedAt: row.prepared_at,
  };
}

/** Some of the sale is still unreturned. */
const returnOwed = (ctx: Ctx, saleId: string): boolean =>
  stmt(
    ctx.db,
    `SELECT 1 FROM sale_lines l WHERE l.sale_id = ?
        AND l.quantity > COALESCE((SELECT SUM(rl.quantity) FROM return_lines rl WHERE rl.sale_line_id = l.id), 0)`,
  ).get(saleId) !== undefined;

/** One order with its lines and, for linked lines, the product's name here. */
export function getOnlineOrder(ctx: Ctx, id: string): OnlineOrderDetail {
  const row = stmt(ctx.db, "SELECT * FROM online_orders WHERE id = ?").get(id) as OrderRow | undefined;
  if (!row) throw new DomainError("not_found", "online_order_not_found", "Ese pedido online no existe");
  const nameOf = stmt(ctx.db, "SELECT name FROM products WHERE id = ?");
  return {
    ...summaryOf(row),
    remoteOrderId: row.remote_order_id,
    remotePackId: row.remote_pack_id,
    updatedAt: row.updated_at,
    reserved: heldByOrder(ctx.db, row.id).size > 0,
    sale: saleOf(ctx, row),
    returnOwed: row.status === "cancelled" && row.sale_id !== null && returnOwed(ctx, row.sale_id),
    lines: linesOf(row).map((l) => ({
      ...l,
      productName: l.productId
        ? ((nameOf.get(l.productId) as { name: string } | undefined)?.name ?? null)
        : null,
    })),
  };
}
