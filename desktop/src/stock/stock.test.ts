import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { catalogSnapshot, makeProduct } from "../catalog/test-catalog.js";
import { DomainError } from "@mostrador/kernel/core/errors";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { adjustStock } from "./adjust.js";
import { listLowStock } from "./low-stock.js";
import { insertStockMovements, onHand } from "./movements.js";
import { checkStockForSale } from "./sale-check.js";

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe("stock", () => {
  let t: TestCore;
  const actor = { staffId: "s-1", terminalId: null };
  beforeEach(() => {
    t = openTestCore();
    t.db
      .prepare(
        "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES ('s-1', 'Ana', 'manager', 'x', '', '')",
      )
      .run();
  });
  afterEach(() => t.close());

  it("receives goods, adjusts and counts, with ledger, outbox, audit and a stock.changed event", () => {
    const p = makeProduct(t);
    const events: unknown[] = [];
    t.bus.on("stock.changed", (e) => events.push(e));
    expect(
      adjustStock(t, actor, { productId: p.id, quantity: 24, reason: "receipt", note: "Remito 0001-123" }),
    ).toEqual({ onHand: 24 });
    expect(
      adjustStock(t, actor, { productId: p.id, quantity: -2, reason: "adjustment", note: "rotura" }),
    ).toEqual({ onHand: 22 });
    expect(adjustStock(t, actor, { productId: p.id, quantity: 20, reason: "count" })).toEqual({ onHand: 20 });
    const ledger = t.db
      .prepare("SELECT quantity, reason, note, staff_id FROM stock_movements ORDER BY at, rowid")
      .all();
    expect(ledger).toEqual([
      { quantity: 24, reason: "receipt", note: "Remito 0001-123", staff_id: "s-1" },
      { quantity: -2, reason: "adjustment", note: "rotura", staff_id: "s-1" },
      { quantity: -2, reason: "count", note: null, staff_id: "s-1" },
    ]);
    expect(t.db.prepare("SELECT count(*) FROM outbox WHERE entity = 'stock_movement'").pluck().get()).toBe(3);
    expect(t.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'stock.adjust'").pluck().get()).toBe(
      3,
    );
    expect(events).toHaveLength(3);
  });

  it("audits a count that matches the system but writes no zero movement", () => {
    const p = makeProduct(t);
    adjustStock(t, actor, { productId: p.id, quantity: 5, reason: "receipt" });
    expect(adjustStock(t, actor, { productId: p.id, quantity: 5, reason: "count" })).toEqual({ onHand: 5 });
    expect(t.db.prepare("SELECT count(*) FROM stock_movements").pluck().get()).toBe(1);
    expect(t.db.prepare("SELECT count(*) FROM audit_log").pluck().get()).toBe(2);
  });

  it("refuses zero, negative receipts, negative counts, fractions, absurd quantities and unknown products, changing nothing", () => {
    const p = makeProduct(t);
    adjustStock(t, actor, { productId: p.id, quantity: 5, reason: "receipt" });
    const before = catalogSnapshot(t);
    const bad = [
      { productId: p.id, quantity: 0, reason: "adjustment" as const },
      { productId: p.id, quantity: -1, reason: "receipt" as const },
      { productId: p.id, quantity: -1, reason: "count" as const },
      { productId: p.id, quantity: 1.5, reason: "adjustment" as const },
      { productId: p.id, quantity: 1e12, reason: "receipt" as const },
      { productId: p.id, quantity: 1, reason: "robo" as "count" },
      { productId: p.id, quantity: 1, reason: "receipt" as const, note: "x".repeat(201) },
    ];
    for (const input of bad) expect(errorOf(() => adjustStock(t, actor, input)).kind).toBe("invalid");
    expect(
      errorOf(() => adjustStock(t, actor, { productId: "nope", quantity: 1, reason: "receipt" })).code,
    ).toBe("product_not_found");
    expect(catalogSnapshot(t)).toEqual(before);
  });

  it("words a quantity past the limit in the product's own unit, grouped the Argentine way", () => {
    const units = makeProduct(t);
    const weighed = makeProduct(t, { unit: "kg" });
    expect(
      errorOf(() => adjustStock(t, actor, { productId: units.id, quantity: 1e12, reason: "receipt" }))
        .message,
    ).toBe("La cantidad debe ser un número entero de hasta 1.000.000.000 u.");
    expect(
      errorOf(() => adjustStock(t, actor, { productId: weighed.id, quantity: 1e12, reason: "receipt" }))
        .message,
    ).toBe("La cantidad debe ser un número entero (en gramos) de hasta 1.000.000,000 kg");
    adjustStock(t, actor, { productId: units.id, quantity: 999_999_999, reason: "receipt" });
    expect(
      errorOf(() => adjustStock(t, actor, { productId: units.id, quantity: 2, reason: "receipt" })).message,
    ).toBe(
      "El stock quedaría en 1.000.000.001 u., más que el máximo de 1.000.000.000 u.: revisá la cantidad",
    );
  });

  it("keeps stock_on_hand equal to the ledger sum through any sequence of movements", () => {
    const products = [makeProduct(t), makeProduct(t, { unit: "kg" }), makeProduct(t)] as const;
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 300; i++) {
      const p = products[next() % products.length] ?? products[0];
      const kind = next() % 3;
      const q = (next() % 500) + 1;
      if (kind === 0) adjustStock(t, actor, { productId: p.id, quantity: q, reason: "receipt" });
      else if (kind === 1) adjustStock(t, actor, { productId: p.id, quantity: -q, reason: "adjustment" });
      else
        insertStockMovements(t.db, [
          { productId: p.id, quantity: -q, reason: "sale", refId: null, staffId: null, at: "x" },
        ]);
    }
    const mismatches = t.db
      .prepare(
        `SELECT p.id FROM products p LEFT JOIN stock_on_hand s ON s.product_id = p.id
          WHERE COALESCE(s.quantity, 0) <> (SELECT COALESCE(SUM(quantity), 0) FROM stock_movements m WHERE m.product_id = p.id)`,
      )
      .all();
    expect(mismatches).toEqual([]);
    expect(products.map((p) => onHand(t.db, p.id)).some((q) => q !== 0)).toBe(true);
  });

  it("lists active products at or below their threshold, emptiest first", () => {
    const a = makeProduct(t, { name: "Leche", lowStockThreshold: 10 });
    const b = makeProduct(t, { name: "Yerba", lowStockThreshold: 10 });
    const c = makeProduct(t, { name: "Azúcar", lowStockThreshold: 10 });
    makeProduct(t, { name: "Sin umbral" });
    adjustStock(t, actor, { productId: a.id, quantity: 8, reason: "receipt" });
    adjustStock(t, actor, { productId: b.id, quantity: 30, reason: "receipt" });
    adjustStock(t, actor, { productId: c.id, quantity: 10, reason: "receipt" });
    const low = listLowStock(t);
    expect(low.map((l) => [l.product.name, l.onHand, l.threshold])).toEqual([
      ["Leche", 8, 10],
      ["Azúcar", 10, 10],
    ]);
  });

  it("warns per product (lines added up) when a sale would leave stock below zero", () => {
    const coca = makeProduct(t, { name: "Coca-Cola 2,25 L" });
    const queso = makeProduct(t, { name: "Queso cremoso", unit: "kg" });
    adjustStock(t, actor, { productId: coca.id, quantity: 5, reason: "receipt" });
    adjustStock(t, actor, { productId: queso.id, quantity: 1000, reason: "receipt" });
    expect(checkStockForSale(t, [{ productId: coca.id, quantity: 5 }])).toEqual([]);
    const warnings = checkStockForSale(t, [
      { productId: coca.id, quantity: 3 },
      { productId: coca.id, quantity: 3 },
      { productId: queso.id, quantity: 1250 },
    ]);
    expect(warnings).toEqual([
      'Stock insuficiente de "Coca-Cola 2,25 L": quedan 5 u. y se venden 6 u.',
      'Stock insuficiente de "Queso cremoso": quedan 1,000 kg y se venden 1,250 kg',
    ]);
  });

  it("blocks the sale naming the product when the shop's policy is block", () => {
    updateSettings(t.db, { negativeStock: "block" });
    const coca = makeProduct(t, { name: "Coca-Cola 2,25 L" });
    adjustStock(t, actor, { productId: coca.id, quantity: 2, reason: "receipt" });
    const e = errorOf(() => checkStockForSale(t, [{ productId: coca.id, quantity: 3 }]));
    expect([e.kind, e.code]).toEqual(["conflict", "insufficient_stock"]);
    expect(e.message).toContain("Coca-Cola 2,25 L");
    expect(checkStockForSale(t, [{ productId: coca.id, quantity: 2 }])).toEqual([]);
  });
});
