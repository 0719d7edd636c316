import type { Role } from "@mostrador/contracts/http/staff";
import type { PaymentMethod } from "@mostrador/contracts/http/sales";
import type { Ctx } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";

import type { Principal } from "@mostrador/kernel/staff/sessions";

/**
 * Test-only fixtures: rows written straight with SQL so cash tests control every figure without depending on
 * the sale logic (pos/). Amounts are centavos; each line states its own IVA split as the sale code would store it.
 */

export function insertStaffRow(
  ctx: Ctx,
  role: Role,
  terminalId: string | null,
  name = `${role} ${newId().slice(-4)}`,
): Principal {
  const id = newId();
  const at = ctx.clock.now().toISOString();
  ctx.db
    .prepare(
      "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (?, ?, ?, 'fixture', ?, ?)",
    )
    .run(id, name, role, at, at);
  return { staffId: id, name, role, terminalId };
}

/** A bare product for sale_lines to point at. Writes only the columns the catalog schema has (it is still evolving). */
export function insertProductRow(ctx: Ctx): string {
  const id = newId();
  const at = ctx.clock.now().toISOString();
  const values: Record<string, unknown> = {
    id,
    sku: `SKU-${id}`,
    name: "Producto",
    name_key: "producto",
    price: 100,
    iva_rate: 2100,
    unit: "each",
    created_at: at,
    updated_at: at,
  };
  const columns = (ctx.db.prepare("PRAGMA table_info(products)").all() as { name: string }[])
    .map((c) => c.name)
    .filter((c) => c in values);
  ctx.db
    .prepare(
      `INSERT INTO products (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`,
    )
    .run(Object.fromEntries(columns.map((c) => [c, values[c]])));
  return id;
}

export interface FixtureLine {
  rate: 0 | 1050 | 2100;
  total: number;
  net: number;
  iva: number;
}

export interface FixtureSale {
  sessionId: string;
  terminalId: string;
  staffId: string;
  productId: string;
  status?: "completed" | "voided";
  subtotal?: number;
  lineDiscount?: number;
  ticketDiscount?: number;
  changeGiven?: number;
  lines: FixtureLine[];
  payments: { method: PaymentMethod; amount: number; tendered?: number }[];
}

let saleNumber = 0;

/** Inserts a sale with its lines and payments; returns the sale id and its line ids (for returns). */
export function insertSale(ctx: Ctx, sale: FixtureSale): { saleId: string; lineIds: string[] } {
  const saleId = newId();
  const at = ctx.clock.now().toISOString();
  const total = sale.lines.reduce((a, l) => a + l.total, 0);
  const lineDiscount = sale.lineDiscount ?? 0;
  const ticketDiscount = sale.ticketDiscount ?? 0;
  ctx.db
    .prepare(
      `INSERT INTO sales (id, terminal_id, number, cash_session_id, staff_id, status, subtotal, line_discount_total,
         ticket_discount_total, total, net_total, iva_total, change_given, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      saleId,
      sale.terminalId,
      ++saleNumber,
      sale.sessionId,
      sale.staffId,
      sale.status ?? "completed",
      sale.subtotal ?? total + lineDiscount + ticketDiscount,
      lineDiscount,
      ticketDiscount,
      total,
      sale.lines.reduce((a, l) => a + l.net, 0),
      sale.lines.reduce((a, l) => a + l.iva, 0),
      sale.changeGiven ?? 0,
      at,
    );
  const lineIds = sale.lines.map((l, i) => {
    const id = newId();
    ctx.db
      .prepare(
        `INSERT INTO sale_lines (id, sale_id, line_no, product_id, description, unit, quantity, unit_price, gross, line_discount,
           ticket_discount_share, total, iva_rate, net, iva) VALUES (?, ?, ?, ?, 'Producto', 'each', 1, ?, ?, 0, 0, ?, ?, ?, ?)`,
      )
      .run(id, saleId, i + 1, sale.productId, l.total, l.total, l.total, l.rate, l.net, l.iva);
    return id;
  });
  for (const p of sale.payments) {
    ctx.db
      .prepare("INSERT INTO sale_payments (id, sale_id, method, amount, tendered) VALUES (?, ?, ?, ?, ?)")
      .run(newId(), saleId, p.method, p.amount, p.tendered ?? null);
  }
  return { saleId, lineIds };
}

/** Inserts a return of one line of a sale, refunded as given. */
export function insertReturn(
  ctx: Ctx,
  r: {
    saleId: string;
    saleLineId: string;
    sessionId: string;
    terminalId: string;
    staffId: string;
    line: FixtureLine;
    refunds: { method: PaymentMethod; amount: number }[];
  },
): string {
  const id = newId();
  ctx.db
    .prepare(
      `INSERT INTO returns (id, sale_id, terminal_id, number, cash_session_id, staff_id, reason, total, net_total, iva_total, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'fallado', ?, ?, ?, ?)`,
    )
    .run(
      id,
      r.saleId,
      r.terminalId,
      ++saleNumber,
      r.sessionId,
      r.staffId,
      r.line.total,
      r.line.net,
      r.line.iva,
      ctx.clock.now().toISOString(),
    );
  ctx.db
    .prepare(
      "INSERT INTO return_lines (id, return_id, sale_line_id, quantity, total, iva_rate, net, iva) VALUES (?, ?, ?, 1, ?, ?, ?, ?)",
    )
    .run(newId(), id, r.saleLineId, r.line.total, r.line.rate, r.line.net, r.line.iva);
  for (const f of r.refunds) {
    ctx.db
      .prepare("INSERT INTO return_refunds (id, return_id, method, amount) VALUES (?, ?, ?, ?)")
      .run(newId(), id, f.method, f.amount);
  }
  return id;
}
