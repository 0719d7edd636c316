import {
  AdjustmentAnswer,
  CategoryList,
  CategorySchema,
  LowStockList,
  ProductPageSchema,
  ProductSchema,
  ScanAnswerSchema,
} from "@mostrador/contracts/http/catalog";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listCategories } from "../../catalog/categories.js";
import { getProduct } from "../../catalog/products.js";
import { resolveScan } from "../../catalog/scan.js";
import { searchProducts } from "../../catalog/search.js";
import { DEMO_CODES, seedDemoCatalog } from "../../seed/demo-catalog.js";
import { listLowStock } from "../../stock/low-stock.js";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { bearer, openTestApi, type TestApi } from "../test-api.js";

/** The catalog's and the stock's answers hold to contracts/src/http/catalog.ts. */
describe("catalog API answers the HTTP contract", () => {
  let t: TestApi;
  let manager: Record<string, string>;
  beforeEach(async () => {
    t = await openTestApi();
    manager = bearer(t.tokenFor("manager"));
    seedDemoCatalog(t.core);
  });
  afterEach(async () => t.close());

  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
    t.app.inject({ method, url, headers: manager, ...(payload ? { payload } : {}) });

  it("a product created, changed, found and listed; its category", async () => {
    const cat = await call("POST", "/api/categories", { name: "Ferretería de prueba" });
    expect(cat.statusCode).toBe(201);
    expectAnswer(CategorySchema, cat);
    const created = await call("POST", "/api/products", {
      sku: "PRU-0001",
      name: "Tornillo de prueba",
      categoryId: cat.json().id,
      price: 99_900,
      ivaRate: 2100,
      unit: "each",
      barcodes: ["PRU0001"],
      lowStockThreshold: 6,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expectAnswer(ProductSchema, created, getProduct(t.core, id));
    const changed = await call("PATCH", `/api/products/${id}`, { price: 109_900, scaleCode: null });
    expectAnswer(ProductSchema, changed, getProduct(t.core, id));
    expectAnswer(ProductSchema, await call("GET", `/api/products/${id}`), getProduct(t.core, id));
    expectAnswer(
      ProductPageSchema,
      await call("GET", "/api/products?q=tornillo&limit=5"),
      searchProducts(t.core, { q: "tornillo", limit: 5 }),
    );
    expectAnswer(CategoryList, await call("GET", "/api/categories"), listCategories(t.core));
  });

  it("scans of a barcode, a weight label and a price label", async () => {
    for (const code of [DEMO_CODES.cocaCola, DEMO_CODES.weighedLabel, DEMO_CODES.priceLabel]) {
      const res = await call("GET", `/api/scan/${code}`);
      expectAnswer(ScanAnswerSchema, res, resolveScan(t.core, code));
    }
  });

  it("a stock adjustment and the low-stock list", async () => {
    const yerba = searchProducts(t.core, { q: "playadito" }).items[0];
    if (!yerba) throw new Error("the demo catalog has no Playadito");
    await call("PATCH", `/api/products/${yerba.id}`, { lowStockThreshold: 1_000 });
    const adjusted = await call("POST", "/api/stock/adjustments", {
      productId: yerba.id,
      quantity: 3,
      reason: "count",
    });
    expectAnswer(AdjustmentAnswer, adjusted, { onHand: 3 });
    const low = await call("GET", "/api/stock/low");
    expectAnswer(LowStockList, low, listLowStock(t.core));
    expect(low.json().length).toBeGreaterThan(0);
  });
});
