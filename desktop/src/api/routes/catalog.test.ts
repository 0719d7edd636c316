import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { catalogSnapshot, makeProduct } from "../../catalog/test-catalog.js";
import { DEMO_CODES, seedDemoCatalog } from "../../seed/demo-catalog.js";
import { bearer, openTestApi, type TestApi } from "../test-api.js";
import { HOSTILE_TEXT } from "@mostrador/contracts/text-samples";

describe("catalog and stock API", () => {
  let t: TestApi;
  let manager: Record<string, string>;
  let cashier: Record<string, string>;
  beforeEach(async () => {
    t = await openTestApi();
    manager = bearer(t.tokenFor("manager"));
    cashier = bearer(t.tokenFor("cashier"));
  });
  afterEach(async () => t.close());

  const valid = {
    sku: "COC-225",
    name: "Coca-Cola 2,25 L",
    price: 499_000,
    ivaRate: 2100,
    unit: "each",
    barcodes: ["7790895000997"],
  };
  const post = (url: string, payload: unknown, headers = manager) =>
    t.app.inject({ method: "POST", url, payload: payload as object, headers });
  const patch = (url: string, payload: unknown, headers = manager) =>
    t.app.inject({ method: "PATCH", url, payload: payload as object, headers });
  const get = (url: string, headers = cashier) => t.app.inject({ method: "GET", url, headers });

  it("creates, reads, searches and updates a product", async () => {
    const cat = await post("/api/categories", { name: "Bebidas" });
    expect(cat.statusCode).toBe(201);
    const created = await post("/api/products", {
      ...valid,
      categoryId: cat.json().id,
      lowStockThreshold: 6,
    });
    expect(created.statusCode).toBe(201);
    const product = created.json();
    expect(product).toMatchObject({
      sku: "COC-225",
      categoryName: "Bebidas",
      onHand: 0,
      active: true,
      barcodes: ["7790895000997"],
    });
    expect((await get(`/api/products/${product.id}`)).json()).toEqual(product);
    const page = (await get("/api/products?q=coca&active=true&limit=10")).json();
    expect(page).toMatchObject({ total: 1, items: [{ id: product.id }] });
    const updated = await patch(`/api/products/${product.id}`, {
      price: 529_000,
      scaleCode: null,
      active: false,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ price: 529_000, active: false, scaleCode: null });
    expect((await get("/api/categories")).json()).toEqual([{ id: cat.json().id, name: "Bebidas" }]);
  });

  it("scans a barcode and the demo scale labels", async () => {
    seedDemoCatalog(t.core);
    const coca = await get(`/api/scan/${DEMO_CODES.cocaCola}`);
    expect(coca.statusCode).toBe(200);
    expect(coca.json()).toMatchObject({ quantity: 1, labelTotal: null, barcode: DEMO_CODES.cocaCola });
    expect((await get(`/api/scan/${DEMO_CODES.weighedLabel}`)).json()).toMatchObject({
      quantity: 1250,
      labelTotal: null,
    });
    expect((await get(`/api/scan/${DEMO_CODES.priceLabel}`)).json()).toMatchObject({ labelTotal: 599_700 });
  });

  it("answers 404 unknown_barcode and 400 bad_check_digit / unknown_scale_item when scanning", async () => {
    const unknown = await get("/api/scan/7790895000997");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({
      code: "unknown_barcode",
      message: expect.stringContaining("7790895000997"),
    });
    expect((await get("/api/scan/7790895000998")).json().error.code).toBe("bad_check_digit");
    const item = await get(`/api/scan/${DEMO_CODES.weighedLabel}`);
    expect([item.statusCode, item.json().error.code]).toEqual([400, "unknown_scale_item"]);
    expect((await get(`/api/scan/${"9".repeat(65)}`)).statusCode).toBe(400);
  });

  it("adjusts stock and lists low stock", async () => {
    const p = makeProduct(t.core, { name: "Leche", lowStockThreshold: 10 });
    const res = await post("/api/stock/adjustments", {
      productId: p.id,
      quantity: 4,
      reason: "receipt",
      note: "Remito 12",
    });
    expect([res.statusCode, res.json()]).toEqual([200, { onHand: 4 }]);
    const low = (await get("/api/stock/low")).json();
    expect(low).toMatchObject([{ product: { id: p.id }, onHand: 4, threshold: 10 }]);
  });

  it("refuses catalog and stock writes to a cashier, changing nothing", async () => {
    const p = makeProduct(t.core);
    const before = catalogSnapshot(t.core);
    for (const res of [
      await post("/api/products", valid, cashier),
      await patch(`/api/products/${p.id}`, { price: 1 }, cashier),
      await post("/api/categories", { name: "X" }, cashier),
      await post("/api/stock/adjustments", { productId: p.id, quantity: 1, reason: "receipt" }, cashier),
    ]) {
      expect([res.statusCode, res.json().error.code]).toEqual([403, "permission_denied"]);
    }
    expect(catalogSnapshot(t.core)).toEqual(before);
  });

  it("refuses bad product input with a Spanish message and changes nothing", async () => {
    makeProduct(t.core, { sku: "TAKEN", barcodes: ["96385074"] });
    const before = catalogSnapshot(t.core);
    const { barcodes: _b, ...noBarcodes } = valid;
    const cases: [unknown, number, string][] = [
      [{ ...valid, price: -1 }, 400, "invalid_input"],
      [{ ...valid, price: 0.5 }, 400, "invalid_input"],
      [{ ...valid, price: 1e30 }, 400, "invalid_input"],
      [{ ...valid, price: "abc" }, 400, "invalid_input"],
      [{ ...valid, ivaRate: 1000 }, 400, "invalid_input"],
      [{ ...valid, unit: "litro" }, 400, "invalid_input"],
      [{ ...valid, sku: "" }, 400, "invalid_input"],
      [{ ...valid, name: "x".repeat(121) }, 400, "invalid_input"],
      [{ ...valid, barcodes: "7790895000997" }, 400, "invalid_input"],
      [{ ...valid, barcodes: Array.from({ length: 21 }, (_, i) => `A${i}`) }, 400, "invalid_input"],
      [{ ...valid, scaleCode: -3 }, 400, "invalid_input"],
      [{ ...valid, lowStockThreshold: 1e12 }, 400, "invalid_input"],
      [{ ...valid, extra: 1 }, 400, "invalid_input"],
      [{ ...noBarcodes, name: undefined }, 400, "invalid_input"],
      [{ ...valid, barcodes: ["7790895000998"] }, 400, "bad_check_digit"],
      [{ ...valid, sku: "taken" }, 409, "sku_taken"],
      [{ ...valid, barcodes: ["96385074"] }, 409, "barcode_taken"],
      [{ ...valid, categoryId: "no-such-category" }, 404, "category_not_found"],
      ...HOSTILE_TEXT.flatMap(({ text }): [unknown, number, string][] => [
        [{ ...valid, name: text }, 400, "invalid_text"],
        [{ ...valid, sku: text }, 400, "invalid_text"],
        [{ ...valid, barcodes: [text] }, 400, "invalid_text"],
        [{ ...valid, [`x${text}`]: 1 }, 400, "invalid_text"],
      ]),
    ];
    for (const [payload, status, code] of cases) {
      const res = await post("/api/products", payload);
      expect([res.statusCode, res.json().error.code], JSON.stringify(payload).slice(0, 80)).toEqual([
        status,
        code,
      ]);
      expect(res.json().error.message).toMatch(/[a-záéíóúñ]/i);
    }
    const malformed = await t.app.inject({
      method: "POST",
      url: "/api/products",
      headers: { ...manager, "content-type": "application/json" },
      payload: '{"sku": "A",',
    });
    expect([malformed.statusCode, malformed.json().error.code]).toEqual([400, "malformed_json"]);
    expect(catalogSnapshot(t.core)).toEqual(before);
  });

  it("refuses bad patches, unknown ids and bad queries, changing nothing", async () => {
    const p = makeProduct(t.core);
    const before = catalogSnapshot(t.core);
    expect((await patch(`/api/products/${p.id}`, {})).json().error.code).toBe("empty_patch");
    expect((await patch(`/api/products/${p.id}`, { active: "maybe" })).statusCode).toBe(400);
    expect((await patch(`/api/products/${p.id}`, { price: -5 })).statusCode).toBe(400);
    expect((await patch("/api/products/nope", { price: 5 })).statusCode).toBe(404);
    expect((await get("/api/products/nope")).json().error.code).toBe("product_not_found");
    expect((await get("/api/products?limit=0")).statusCode).toBe(400);
    expect((await get("/api/products?limit=100000")).statusCode).toBe(400);
    expect((await get("/api/products?offset=-1")).statusCode).toBe(400);
    expect((await get(`/api/products?q=${"a".repeat(101)}`)).statusCode).toBe(400);
    expect((await get("/api/products?color=red")).statusCode).toBe(400);
    expect((await get("/api/products?q=%22AND%20(*")).statusCode).toBe(200);
    expect((await post("/api/categories", { name: "" })).statusCode).toBe(400);
    expect((await post("/api/categories", { name: 5 })).statusCode).toBe(400);
    for (const { label, text } of HOSTILE_TEXT) {
      const refusals = [
        await patch(`/api/products/${p.id}`, { name: text }),
        await post("/api/categories", { name: text }),
        await get(`/api/scan/${encodeURIComponent(text.replace(/[\ud800-\udfff]/g, "\u0000"))}`),
        await get(`/api/products?q=${encodeURIComponent(text.replace(/[\ud800-\udfff]/g, "\u001f"))}`),
      ];
      for (const res of refusals)
        expect([res.statusCode, res.json().error.code], label).toEqual([400, "invalid_text"]);
    }
    expect(catalogSnapshot(t.core)).toEqual(before);
  });

  it("refuses bad stock adjustments, changing nothing", async () => {
    const p = makeProduct(t.core);
    const before = catalogSnapshot(t.core);
    const cases: [unknown, number][] = [
      [{ productId: p.id, quantity: 0, reason: "adjustment" }, 400],
      [{ productId: p.id, quantity: -1, reason: "receipt" }, 400],
      [{ productId: p.id, quantity: 1.5, reason: "receipt" }, 400],
      [{ productId: p.id, quantity: 1e15, reason: "receipt" }, 400],
      [{ productId: p.id, quantity: 1, reason: "theft" }, 400],
      [{ productId: p.id, quantity: 1 }, 400],
      [{ productId: p.id, quantity: 1, reason: "receipt", note: "x".repeat(201) }, 400],
      [{ productId: "nope", quantity: 1, reason: "receipt" }, 404],
      ...HOSTILE_TEXT.map(({ text }): [unknown, number] => [
        { productId: p.id, quantity: 1, reason: "receipt", note: text },
        400,
      ]),
    ];
    for (const [payload, status] of cases) {
      const res = await post("/api/stock/adjustments", payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(typeof res.json().error.message).toBe("string");
    }
    expect(catalogSnapshot(t.core)).toEqual(before);
  });
});
