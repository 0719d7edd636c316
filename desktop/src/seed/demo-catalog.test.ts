import { hasValidCheckDigit, isGs1Numeric } from "@mostrador/contracts/pos/gs1";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { resolveScan } from "../catalog/scan.js";
import { searchProducts } from "../catalog/search.js";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { listLowStock } from "../stock/low-stock.js";
import { DEMO_CODES, DEMO_PRODUCT_COUNT, generateCatalog, seedDemoCatalog } from "./demo-catalog.js";

const catalogRows = (t: TestCore) =>
  t.db
    .prepare(
      `SELECT p.sku, p.name, p.price, p.iva_rate, p.unit, p.scale_code, p.low_stock_threshold, s.quantity,
              (SELECT group_concat(barcode) FROM product_barcodes b WHERE b.product_id = p.id) AS barcodes
         FROM products p LEFT JOIN stock_on_hand s ON s.product_id = p.id ORDER BY p.sku`,
    )
    .all();

describe("demo catalog", () => {
  let t: TestCore;
  beforeEach(() => {
    t = openTestCore();
  });
  afterEach(() => t.close());

  it("seeds about 200 products with valid barcodes, stock and categories", () => {
    expect(seedDemoCatalog(t)).toEqual({ products: DEMO_PRODUCT_COUNT });
    expect(DEMO_PRODUCT_COUNT).toBeGreaterThanOrEqual(190);
    const barcodes = t.db.prepare("SELECT barcode FROM product_barcodes").pluck().all() as string[];
    expect(barcodes.length).toBeGreaterThan(100);
    expect(barcodes.every((b) => isGs1Numeric(b) && hasValidCheckDigit(b) && b.startsWith("779"))).toBe(true);
    expect(t.db.prepare("SELECT count(*) FROM categories").pluck().get()).toBeGreaterThanOrEqual(10);
    expect(
      t.db
        .prepare(
          "SELECT count(*) FROM products p LEFT JOIN stock_on_hand s ON s.product_id = p.id WHERE COALESCE(s.quantity, 0) <= 0",
        )
        .pluck()
        .get(),
    ).toBe(0);
    expect(t.db.prepare("SELECT DISTINCT reason FROM stock_movements").pluck().all()).toEqual(["receipt"]);
    expect(listLowStock(t).length).toBeGreaterThan(0);
  });

  it("sells meat, fruit, vegetables and bread at 10,5 % IVA, weighed goods by kg with scale codes", () => {
    seedDemoCatalog(t);
    const rate = (name: string) =>
      t.db.prepare("SELECT iva_rate FROM products WHERE name = ?").pluck().get(name);
    expect(rate("Asado de tira")).toBe(1050);
    expect(rate("Banana Ecuador")).toBe(1050);
    expect(rate("Pan francés")).toBe(1050);
    expect(rate("Coca-Cola sabor original 2,25 L")).toBe(2100);
    const kgWithoutScale = t.db
      .prepare("SELECT count(*) FROM products WHERE unit = 'kg' AND scale_code IS NULL")
      .pluck()
      .get();
    expect(kgWithoutScale).toBe(0);
  });

  it("resolves the codes end-to-end tests scan", () => {
    seedDemoCatalog(t);
    expect(resolveScan(t, DEMO_CODES.cocaCola).product.name).toBe("Coca-Cola sabor original 2,25 L");
    expect(resolveScan(t, DEMO_CODES.leche).product.name).toContain("Leche entera");
    expect(resolveScan(t, DEMO_CODES.weighedLabel)).toMatchObject({
      product: { name: "Asado de tira", unit: "kg" },
      quantity: DEMO_CODES.weighedGrams,
      labelTotal: null,
    });
    expect(resolveScan(t, DEMO_CODES.priceLabel)).toMatchObject({
      product: { name: "Jamón cocido Paladini" },
      quantity: 300,
      labelTotal: DEMO_CODES.priceLabelTotal,
    });
    expect(() => resolveScan(t, DEMO_CODES.badCheckDigit)).toThrow(/verificador/);
  });

  it("is the same catalog on every run, and a second seed adds nothing", () => {
    seedDemoCatalog(t);
    const other = openTestCore();
    try {
      other.clock.advance(86_400_000);
      seedDemoCatalog(other);
      expect(catalogRows(other)).toEqual(catalogRows(t));
    } finally {
      other.close();
    }
    expect(seedDemoCatalog(t)).toEqual({ products: 0 });
    expect(t.db.prepare("SELECT count(*) FROM products").pluck().get()).toBe(DEMO_PRODUCT_COUNT);
  });

  it("generates synthetic products with unique valid barcodes that scan and search", () => {
    seedDemoCatalog(t);
    expect(generateCatalog(t, 500)).toEqual({ first: 1, count: 500 });
    expect(generateCatalog(t, 10)).toEqual({ first: 501, count: 10 });
    expect(
      t.db.prepare("SELECT count(*) FROM product_barcodes WHERE barcode LIKE '7799%'").pluck().get(),
    ).toBe(510);
    const code = t.db
      .prepare("SELECT barcode FROM product_barcodes WHERE barcode LIKE '7799%' LIMIT 1")
      .pluck()
      .get() as string;
    expect(hasValidCheckDigit(code)).toBe(true);
    expect(resolveScan(t, code).product.sku).toMatch(/^GEN-/);
    expect(searchProducts(t, { q: "GEN-510" }).items[0]?.sku).toBe("GEN-510");
  });
});
