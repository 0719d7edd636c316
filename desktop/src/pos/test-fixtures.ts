import { withCheckDigit } from "@mostrador/contracts/pos/gs1";
import type { Product } from "@mostrador/contracts/http/catalog";
import type { Terminal } from "@mostrador/contracts/http/settings";
/**
 * Test fixtures for the sale, return and void tests (domain and API): a small catalog with stock,
 * a cashier and a manager with real PINs, and an open cash session inserted directly (cash/ owns
 * opening one for real; here only the row matters).
 */

import { createProduct } from "../catalog/product-writes.js";

import { buildScaleLabel } from "../catalog/scale-barcode.js";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { DEFAULT_SETTINGS } from "@mostrador/kernel/shop/settings";

import type { Principal } from "@mostrador/kernel/staff/sessions";
import { createStaff } from "@mostrador/kernel/staff/staff";
import { insertStockMovements } from "../stock/movements.js";

export const MANAGER_PIN = "4321";
export const CASHIER_PIN = "1111";

export interface SaleFixture {
  cashier: Principal;
  manager: Principal;
  /** A cash session open on the terminal. */
  sessionId: string;
  products: { gaseosa: Product; yerba: Product; asado: Product; queso: Product; lavandina: Product };
  codes: { gaseosa: string; asadoWeight750g: string; quesoPrice4945: string; unknown: string };
}

export function openCashSessionRow(
  ctx: Ctx,
  terminalId: string,
  staffId: string,
  openingFloat = 10_000,
): string {
  const id = newId();
  ctx.db
    .prepare(
      "INSERT INTO cash_sessions (id, terminal_id, status, opened_by, opened_at, opening_float) VALUES (?, ?, 'open', ?, ?, ?)",
    )
    .run(id, terminalId, staffId, isoNow(ctx), openingFloat);
  return id;
}

/** Closes a session row the way cash/ would (the columns its CHECK requires), for "session closed" tests. */
export function closeCashSessionRow(ctx: Ctx, sessionId: string, staffId: string): void {
  ctx.db
    .prepare(
      `UPDATE cash_sessions SET status = 'closed', closed_by = ?, closed_at = ?, counted_cash = 0, expected_cash = 0, z_report = '{}'
        WHERE id = ?`,
    )
    .run(staffId, isoNow(ctx), sessionId);
}

export function seedSaleFixture(ctx: Ctx, terminal: Terminal): SaleFixture {
  const cashierStaff = createStaff(ctx, { name: "Carla Cajera", role: "cashier", pin: CASHIER_PIN });
  const managerStaff = createStaff(ctx, { name: "Marcos Encargado", role: "manager", pin: MANAGER_PIN });
  const gaseosaCode = withCheckDigit("779000000001");
  const gaseosa = createProduct(ctx, {
    sku: "GAS-225",
    name: "Gaseosa cola 2,25 L",
    price: 250_000,
    ivaRate: 2100,
    unit: "each",
    barcodes: [gaseosaCode],
  });
  const yerba = createProduct(ctx, {
    sku: "YER-1K",
    name: "Yerba mate 1 kg",
    price: 480_000,
    ivaRate: 2100,
    unit: "each",
  });
  const asado = createProduct(ctx, {
    sku: "CAR-ASA",
    name: "Asado",
    price: 1_200_000,
    ivaRate: 1050,
    unit: "kg",
    scaleCode: 123,
  });
  const queso = createProduct(ctx, {
    sku: "QUE-CRE",
    name: "Queso cremoso",
    price: 1_000_000,
    ivaRate: 2100,
    unit: "kg",
    scaleCode: 456,
  });
  const lavandina = createProduct(ctx, {
    sku: "LAV-1L",
    name: "Lavandina 1 L",
    price: 99_999,
    ivaRate: 2100,
    unit: "each",
  });
  const at = isoNow(ctx);
  insertStockMovements(
    ctx.db,
    [
      [gaseosa, 100],
      [yerba, 50],
      [asado, 20_000],
      [queso, 5_000],
      [lavandina, 30],
    ].map(([p, quantity]) => ({
      productId: (p as Product).id,
      quantity: quantity as number,
      reason: "receipt",
      refId: null,
      staffId: null,
      at,
    })),
  );
  const [priceLayout, weightLayout] = DEFAULT_SETTINGS.scaleLayouts;
  if (!priceLayout || !weightLayout) throw new Error("default scale layouts changed");
  const cashier: Principal = {
    staffId: cashierStaff.id,
    name: cashierStaff.name,
    role: "cashier",
    terminalId: terminal.id,
  };
  return {
    cashier,
    manager: { staffId: managerStaff.id, name: managerStaff.name, role: "manager", terminalId: terminal.id },
    sessionId: openCashSessionRow(ctx, terminal.id, cashier.staffId),
    products: { gaseosa, yerba, asado, queso, lavandina },
    codes: {
      gaseosa: gaseosaCode,
      asadoWeight750g: buildScaleLabel(weightLayout, 123, 750),
      quesoPrice4945: buildScaleLabel(priceLayout, 456, 494_500),
      unknown: withCheckDigit("779999999999"),
    },
  };
}

const COUNTED = [
  "sales",
  "sale_lines",
  "sale_payments",
  "returns",
  "return_lines",
  "return_refunds",
  "exchanges",
  "stock_movements",
  "outbox",
  "audit_log",
] as const;

/** Row counts of every table a sale, return or void writes, plus the terminal counters: to prove a refusal changed nothing. */
export function writeCounts(ctx: Ctx): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED)
    counts[table] = (ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const t = ctx.db
    .prepare("SELECT SUM(next_sale_number) AS s, SUM(next_return_number) AS r FROM terminals")
    .get() as { s: number; r: number };
  counts.nextSaleNumbers = t.s;
  counts.nextReturnNumbers = t.r;
  counts.onHand = (
    ctx.db.prepare("SELECT COALESCE(SUM(quantity), 0) AS n FROM stock_on_hand").get() as { n: number }
  ).n;
  return counts;
}
