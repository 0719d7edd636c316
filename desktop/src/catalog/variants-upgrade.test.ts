import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withCheckDigit } from "@mostrador/contracts/pos/gs1";
import type { Ctx } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { migrate } from "@mostrador/kernel/db/migrate";
import { type Db, openDatabase } from "@mostrador/kernel/db/open";
import { afterEach, describe, expect, it } from "vitest";
import { loadApplianceMigrations, openApplianceCore } from "../appliance/open-appliance-core.js";
import { commitSale } from "../pos/sale.js";
import { onHand } from "../stock/movements.js";
import { resolveScan } from "./scan.js";
import { convertToModel } from "./variants.js";

const AT = "2026-03-02T13:00:00.000Z";
const ids = {
  staff: "01900000-0000-7000-8000-000000000001",
  terminal: "01900000-0000-7000-8000-000000000002",
  session: "01900000-0000-7000-8000-000000000003",
  jean: "01900000-0000-7000-8000-000000000004",
  gorra: "01900000-0000-7000-8000-000000000005",
  sale: "01900000-0000-7000-8000-000000000006",
  line: "01900000-0000-7000-8000-000000000007",
  payment: "01900000-0000-7000-8000-000000000008",
  ret: "01900000-0000-7000-8000-000000000009",
  retLine: "01900000-0000-7000-8000-00000000000a",
  refund: "01900000-0000-7000-8000-00000000000b",
};
const JEAN_CODE = withCheckDigit("779123400001");

/**
 * A shop that sold before variants existed, written with the schema it had then (migration 0018, the
 * last before 0019_variants): a jean received, two sold in cash, one returned; a cap never sold.
 */
function shopBeforeVariants(db: Db): void {
  const run = (sql: string, ...args: unknown[]) => db.prepare(sql).run(...args);
  run(
    "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (?, 'Vero', 'owner', 'x', ?, ?)",
    ids.staff,
    AT,
    AT,
  );
  // Its counters past the sale and the return below, as the till kept them.
  run(
    "INSERT INTO terminals (id, code, name, next_sale_number, next_return_number, created_at) VALUES (?, 1, 'Caja 1', 2, 2, ?)",
    ids.terminal,
    AT,
  );
  run(
    "INSERT INTO cash_sessions (id, terminal_id, status, opened_by, opened_at, opening_float) VALUES (?, ?, 'open', ?, ?, 0)",
    ids.session,
    ids.terminal,
    ids.staff,
    AT,
  );
  const product = `INSERT INTO products (id, sku, name, name_key, price, iva_rate, unit, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, 2100, 'each', ?, ?)`;
  run(product, ids.jean, "JEAN", "Jean clásico", "jean clasico", 2_500_000, AT, AT);
  run(product, ids.gorra, "GORRA", "Gorra", "gorra", 800_000, AT, AT);
  run("INSERT INTO product_barcodes (barcode, product_id) VALUES (?, ?)", JEAN_CODE, ids.jean);
  const movement = `INSERT INTO stock_movements (id, product_id, quantity, reason, ref_id, staff_id, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)`;
  run(movement, "m1", ids.jean, 5, "receipt", null, ids.staff, AT);
  run(
    `INSERT INTO sales (id, terminal_id, number, cash_session_id, staff_id, status, subtotal, line_discount_total,
                        ticket_discount_total, total, net_total, iva_total, created_at)
     VALUES (?, ?, 1, ?, ?, 'completed', 5000000, 0, 0, 5000000, 4132231, 867769, ?)`,
    ids.sale,
    ids.terminal,
    ids.session,
    ids.staff,
    AT,
  );
  run(
    `INSERT INTO sale_lines (id, sale_id, line_no, product_id, description, unit, quantity, unit_price, gross,
                             line_discount, ticket_discount_share, total, iva_rate, net, iva, barcode)
     VALUES (?, ?, 1, ?, 'Jean clásico', 'each', 2, 2500000, 5000000, 0, 0, 5000000, 2100, 4132231, 867769, ?)`,
    ids.line,
    ids.sale,
    ids.jean,
    JEAN_CODE,
  );
  run(
    "INSERT INTO sale_payments (id, sale_id, method, amount, tendered) VALUES (?, ?, 'cash', 5000000, 5000000)",
    ids.payment,
    ids.sale,
  );
  run(movement, "m2", ids.jean, -2, "sale", ids.sale, ids.staff, AT);
  run(
    `INSERT INTO returns (id, sale_id, terminal_id, number, cash_session_id, staff_id, reason, total, net_total,
                          iva_total, created_at)
     VALUES (?, ?, ?, 1, ?, ?, 'Talle chico', 2500000, 2066116, 433884, ?)`,
    ids.ret,
    ids.sale,
    ids.terminal,
    ids.session,
    ids.staff,
    AT,
  );
  run(
    "INSERT INTO return_lines (id, return_id, sale_line_id, quantity, total, iva_rate, net, iva) VALUES (?, ?, ?, 1, 2500000, 2100, 2066116, 433884)",
    ids.retLine,
    ids.ret,
    ids.line,
  );
  run(
    "INSERT INTO return_refunds (id, return_id, method, amount) VALUES (?, ?, 'cash', 2500000)",
    ids.refund,
    ids.ret,
  );
  run(movement, "m3", ids.jean, 1, "return", ids.ret, ids.staff, AT);
}

const HISTORY = [
  "products",
  "product_barcodes",
  "stock_movements",
  "stock_on_hand",
  "sales",
  "sale_lines",
  "sale_payments",
  "returns",
  "return_lines",
  "return_refunds",
];

/** Every row of the history tables, read through the columns they had before 0019 (later ones add columns). */
function history(db: Db, columns: Record<string, string[]>): Record<string, unknown[]> {
  return Object.fromEntries(
    HISTORY.map((t) => [t, db.prepare(`SELECT ${columns[t]!.join(", ")} FROM ${t} ORDER BY 1`).all()]),
  );
}

describe("upgrading a shop that sold before variants existed", () => {
  let dir: string;
  let ctx: Ctx | undefined;
  afterEach(() => {
    ctx?.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps every product and its history, unchanged, as a single-variant product that scans, sells and can take a grid later", () => {
    dir = mkdtempSync(join(tmpdir(), "mostrador-variants-upgrade-"));
    const old = openDatabase(join(dir, "mostrador.sqlite"));
    migrate(
      old,
      loadApplianceMigrations().filter((m) => m.version <= 18),
    );
    shopBeforeVariants(old);
    const columns = Object.fromEntries(
      HISTORY.map((t) => [
        t,
        (old.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name),
      ]),
    );
    const before = history(old, columns);
    old.close();

    // The appliance starts on the new version: every later migration runs over the shop's file.
    ctx = openApplianceCore(dir);
    expect(history(ctx.db, columns)).toEqual(before);
    expect(
      ctx.db.prepare("SELECT sku, variant_axes, variant_of, variant_values FROM products ORDER BY sku").all(),
    ).toEqual([
      { sku: "GORRA", variant_axes: null, variant_of: null, variant_values: null },
      { sku: "JEAN", variant_axes: null, variant_of: null, variant_values: null },
    ]);
    const scanned = resolveScan(ctx, JEAN_CODE).product;
    expect(scanned).toMatchObject({ id: ids.jean, name: "Jean clásico", variantOf: null, price: 2_500_000 });
    expect(onHand(ctx.db, ids.jean)).toBe(4);
    const seller = { staffId: ids.staff, name: "Vero", role: "owner" as const, terminalId: ids.terminal };
    const { sale } = commitSale(ctx, seller, {
      id: newId(),
      lines: [{ barcode: JEAN_CODE, quantity: 1 }],
      payments: [{ method: "cash", amount: 2_500_000 }],
    });
    expect(sale).toMatchObject({ number: 2, total: 2_500_000 });
    expect(onHand(ctx.db, ids.jean)).toBe(3);

    // The shop gives the jean sizes: its barcode and on-hand move to the size it picks; its sale keeps its line.
    const owner = { staffId: ids.staff };
    const grid = convertToModel(
      ctx,
      ids.jean,
      { axes: [{ name: "Talle", values: ["40", "42"] }], keep: ["42"] },
      owner,
    );
    const kept = grid.cells.find((c) => c.values[0] === "42")!;
    expect(kept).toMatchObject({ barcodes: [JEAN_CODE], onHand: 3, name: "Jean clásico · 42" });
    expect(
      ctx.db.prepare("SELECT product_id, description FROM sale_lines WHERE id = ?").get(ids.line),
    ).toEqual({ product_id: ids.jean, description: "Jean clásico" });
  });
});
