import type { PaymentMethod } from "@mostrador/contracts/http/sales";
import type { Ctx } from "@mostrador/kernel/core/context";
import { isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { allocate, mulDiv } from "@mostrador/contracts/money";
import { createTerminal } from "@mostrador/kernel/shop/terminals";

/**
 * Test fixture: a committed sale written straight with SQL (pos/sale.ts is another module's job),
 * shaped as migration 0005 stores it. Two units of yerba with a 5 % line discount, 0,750 kg of nalga,
 * one pack of ñoquis, 10 % off the ticket; paid $ 5.000,00 by debit and the rest in cash from $ 15.000,00.
 */
export interface TestSaleOptions {
  terminalId?: string;
  status?: "completed" | "voided";
  payments?: {
    method: PaymentMethod;
    amount: number;
    tendered?: number;
    reference?: string;
  }[];
}

export interface TestSale {
  saleId: string;
  terminalId: string;
  total: number;
  changeGiven: number;
}

const ITEMS = [
  {
    name: "Yerba mate Playadito 1 kg",
    unit: "each",
    price: 450_000,
    iva: 2100,
    quantity: 2,
    lineDiscount: 45_000,
  },
  { name: "Nalga", unit: "kg", price: 1_200_000, iva: 1050, quantity: 750, lineDiscount: 0 },
  {
    name: "Ñoquis de papa congelados",
    unit: "each",
    price: 250_000,
    iva: 1050,
    quantity: 1,
    lineDiscount: 0,
  },
] as const;

export function insertTestSale(ctx: Ctx, options: TestSaleOptions = {}): TestSale {
  const at = isoNow(ctx);
  const db = ctx.db;
  const terminalId =
    options.terminalId ??
    (db.prepare("SELECT id FROM terminals ORDER BY code LIMIT 1").get() as { id: string } | undefined)?.id ??
    createTerminal(ctx, { code: 1, name: "Caja 1" }).id;
  const staffId = newId();
  db.prepare(
    "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (?, 'Ana Cajera', 'cashier', 'x', ?, ?)",
  ).run(staffId, at, at);
  let sessionId = (
    db.prepare("SELECT id FROM cash_sessions WHERE terminal_id = ? AND status = 'open'").get(terminalId) as
      { id: string } | undefined
  )?.id;
  if (!sessionId) {
    sessionId = newId();
    db.prepare(
      "INSERT INTO cash_sessions (id, terminal_id, status, opened_by, opened_at, opening_float) VALUES (?, ?, 'open', ?, ?, 0)",
    ).run(sessionId, terminalId, staffId, at);
  }

  const gross = ITEMS.map((i) =>
    i.unit === "kg" ? mulDiv(i.price, i.quantity, 1000) : i.price * i.quantity,
  );
  const afterLine = ITEMS.map((i, n) => (gross[n] ?? 0) - i.lineDiscount);
  const subtotal = gross.reduce((a, b) => a + b, 0);
  const lineDiscountTotal = ITEMS.reduce((a, i) => a + i.lineDiscount, 0);
  const ticketDiscount = mulDiv(subtotal - lineDiscountTotal, 1000, 10_000);
  const shares = allocate(ticketDiscount, afterLine);
  const totals = afterLine.map((t, n) => t - (shares[n] ?? 0));
  // IVA is contained in the price: net = total × 10000 / (10000 + rate).
  const nets = ITEMS.map((i, n) => mulDiv(totals[n] ?? 0, 10_000, 10_000 + i.iva));
  const total = totals.reduce((a, b) => a + b, 0);
  const netTotal = nets.reduce((a, b) => a + b, 0);
  const payments = options.payments ?? [
    { method: "debit" as const, amount: 500_000, reference: "Lote 12 cupón 3456" },
    { method: "cash" as const, amount: total - 500_000, tendered: 1_500_000 },
  ];
  const changeGiven = payments.reduce(
    (a, p) => a + (p.tendered !== undefined ? p.tendered - p.amount : 0),
    0,
  );
  const saleId = newId();
  const number =
    (db.prepare("SELECT COUNT(*) AS n FROM sales WHERE terminal_id = ?").get(terminalId) as { n: number }).n +
    42;

  db.transaction(() => {
    db.prepare(
      `INSERT INTO sales (id, terminal_id, number, cash_session_id, staff_id, status, subtotal, line_discount_total,
         ticket_discount_kind, ticket_discount_value, ticket_discount_total, total, net_total, iva_total, change_given,
         created_at, voided_at, voided_by, void_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'percent', 1000, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      saleId,
      terminalId,
      number,
      sessionId,
      staffId,
      options.status ?? "completed",
      subtotal,
      lineDiscountTotal,
      ticketDiscount,
      total,
      netTotal,
      total - netTotal,
      changeGiven,
      at,
      options.status === "voided" ? at : null,
      options.status === "voided" ? staffId : null,
      options.status === "voided" ? "Error de carga" : null,
    );
    ITEMS.forEach((item, n) => {
      const productId = newId();
      db.prepare(
        `INSERT INTO products (id, sku, name, name_key, price, iva_rate, unit, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        productId,
        `SKU-${saleId}-${n}`,
        item.name,
        item.name.toLowerCase(),
        item.price,
        item.iva,
        item.unit,
        at,
        at,
      );
      db.prepare(
        `INSERT INTO sale_lines (id, sale_id, line_no, product_id, description, unit, quantity, unit_price, gross,
           discount_kind, discount_value, line_discount, ticket_discount_share, total, iva_rate, net, iva)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        newId(),
        saleId,
        n + 1,
        productId,
        item.name,
        item.unit,
        item.quantity,
        item.price,
        gross[n],
        item.lineDiscount > 0 ? "percent" : null,
        item.lineDiscount > 0 ? 500 : null,
        item.lineDiscount,
        shares[n],
        totals[n],
        item.iva,
        nets[n],
        (totals[n] ?? 0) - (nets[n] ?? 0),
      );
    });
    for (const p of payments) {
      db.prepare(
        "INSERT INTO sale_payments (id, sale_id, method, amount, tendered, reference) VALUES (?, ?, ?, ?, ?, ?)",
      ).run(newId(), saleId, p.method, p.amount, p.tendered ?? null, p.reference ?? null);
    }
  })();
  return { saleId, terminalId, total, changeGiven };
}

/** Everything about a sale that printing must never change, for before/after comparisons. */
export function saleSnapshot(ctx: Ctx, saleId: string): unknown {
  return {
    sale: ctx.db.prepare("SELECT * FROM sales WHERE id = ?").get(saleId),
    lines: ctx.db.prepare("SELECT * FROM sale_lines WHERE sale_id = ? ORDER BY line_no").all(saleId),
    payments: ctx.db.prepare("SELECT * FROM sale_payments WHERE sale_id = ? ORDER BY rowid").all(saleId),
    outbox: ctx.db.prepare("SELECT COUNT(*) AS n FROM outbox").get(),
    audit: ctx.db.prepare("SELECT COUNT(*) AS n FROM audit_log").get(),
  };
}
