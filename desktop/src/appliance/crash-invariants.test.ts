import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { DATABASE_FILE } from "@mostrador/kernel/core/open-core";
import { openTestCore, type TestCore } from "./test-core.js";
import { newId } from "@mostrador/kernel/db/ids";
import {
  numberingGaps,
  openReadOnly,
  outboxMismatches,
  partialSales,
  stockLedgerMismatches,
} from "./crash-invariants.js";

/**
 * The crash test trusts these checks to find damage; here each one is shown a database with exactly
 * that damage (written with raw SQL, as a torn write would leave it) and must name it.
 */
let core: TestCore;
let terminalId: string;
let staffId: string;
let sessionId: string;
let productId: string;
const at = "2026-11-21T13:00:00.000Z";

beforeEach(() => {
  core = openTestCore();
  terminalId = newId();
  staffId = newId();
  sessionId = newId();
  productId = newId();
  const db = core.db;
  db.prepare("INSERT INTO terminals (id, code, name, created_at) VALUES (?, 1, 'Caja 1', ?)").run(
    terminalId,
    at,
  );
  db.prepare(
    "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (?, 'Lucía', 'cashier', 'x', ?, ?)",
  ).run(staffId, at, at);
  db.prepare(
    "INSERT INTO cash_sessions (id, terminal_id, status, opened_by, opened_at, opening_float) VALUES (?, ?, 'open', ?, ?, 0)",
  ).run(sessionId, terminalId, staffId, at);
  db.prepare(
    `INSERT INTO products (id, sku, name, name_key, price, iva_rate, unit, created_at, updated_at)
     VALUES (?, 'LECHE', 'Leche', 'leche', 1000, 2100, 'each', ?, ?)`,
  ).run(productId, at, at);
});
afterEach(() => core.close());

/** A sale of 2 units at $10: sale row, line, payment, stock movement, outbox — each part optional, to break it. */
function writeSale(
  number: number,
  parts: { line?: boolean; payment?: number; movement?: boolean; outbox?: number } = {},
): string {
  const db = core.db;
  const id = newId();
  db.prepare(
    `INSERT INTO sales (id, terminal_id, number, cash_session_id, staff_id, status, subtotal, line_discount_total,
       ticket_discount_total, total, net_total, iva_total, created_at)
     VALUES (?, ?, ?, ?, ?, 'completed', 2000, 0, 0, 2000, 1653, 347, ?)`,
  ).run(id, terminalId, number, sessionId, staffId, at);
  if (parts.line ?? true) {
    db.prepare(
      `INSERT INTO sale_lines (id, sale_id, line_no, product_id, description, unit, quantity, unit_price, gross,
         line_discount, ticket_discount_share, total, iva_rate, net, iva)
       VALUES (?, ?, 1, ?, 'Leche', 'each', 2, 1000, 2000, 0, 0, 2000, 2100, 1653, 347)`,
    ).run(newId(), id, productId);
  }
  const paid = parts.payment ?? 2000;
  if (paid > 0)
    db.prepare("INSERT INTO sale_payments (id, sale_id, method, amount) VALUES (?, ?, 'debit', ?)").run(
      newId(),
      id,
      paid,
    );
  if (parts.movement ?? true) {
    db.prepare(
      "INSERT INTO stock_movements (id, product_id, quantity, reason, ref_id, at) VALUES (?, ?, -2, 'sale', ?, ?)",
    ).run(newId(), productId, id, at);
  }
  for (let i = 0; i < (parts.outbox ?? 1); i++) {
    db.prepare(
      "INSERT INTO outbox (id, entity, entity_id, op, payload, created_at) VALUES (?, 'sale', ?, 'created', '{}', ?)",
    ).run(newId(), id, at);
  }
  db.prepare("UPDATE terminals SET next_sale_number = ? WHERE id = ?").run(number + 1, terminalId);
  return id;
}

function check<T>(fn: (db: ReturnType<typeof openReadOnly>) => T): T {
  const db = openReadOnly(join(core.dataDir, DATABASE_FILE));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe("crash invariants", () => {
  test("find nothing wrong in whole, consistent sales", () => {
    writeSale(1);
    writeSale(2);
    expect(check(partialSales)).toEqual([]);
    expect(check(stockLedgerMismatches)).toEqual([]);
    expect(check(outboxMismatches)).toEqual([]);
    expect(check(numberingGaps)).toEqual([]);
  });

  test("name a sale with no lines, or whose payments do not add up to its total", () => {
    const noLines = writeSale(1, { line: false, movement: false });
    const underpaid = writeSale(2, { payment: 1500 });
    const found = check(partialSales).join("\n");
    expect(found).toContain(noLines);
    expect(found).toContain(underpaid);
  });

  test("name a sale line whose stock movement is missing, and a stale stock_on_hand", () => {
    const noMovement = writeSale(1, { movement: false });
    expect(check(stockLedgerMismatches).join("\n")).toContain(noMovement);
    writeSale(2);
    core.db.prepare("UPDATE stock_on_hand SET quantity = quantity + 5 WHERE product_id = ?").run(productId);
    expect(check(stockLedgerMismatches).join("\n")).toContain("stock_on_hand");
  });

  test("name a sale with no outbox entry, or with two", () => {
    const missing = writeSale(1, { outbox: 0 });
    const doubled = writeSale(2, { outbox: 2 });
    const found = check(outboxMismatches).join("\n");
    expect(found).toContain(missing);
    expect(found).toContain(doubled);
  });

  test("name a gap in a till's sale numbers", () => {
    writeSale(1);
    writeSale(3);
    expect(check(numberingGaps)).toHaveLength(1);
  });
});
