import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { createSupplier } from "../purchasing/suppliers.js";
import { createOrder } from "../purchasing/orders.js";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { applyBulkPrices, previewBulkPrices } from "./bulk-prices.js";
import { createCategory } from "./categories.js";
import { priceHistory } from "./price-history.js";
import { updateProduct } from "./product-writes.js";
import { getProduct } from "./products.js";
import { catalogSnapshot, makeProduct } from "./test-catalog.js";

const ana = { staffId: "s-1" };

describe("bulk price changes", () => {
  let t: TestCore;
  beforeEach(() => {
    t = openTestCore();
    t.db
      .prepare(
        "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES ('s-1', 'Ana', 'manager', 'x', '', '')",
      )
      .run();
  });
  afterEach(() => t.close());

  it("the preview is exactly what the apply writes, through the product update path (outbox, history)", () => {
    const drinks = createCategory(t, { name: "Bebidas" });
    const cola = makeProduct(t, { name: "Cola", price: 150_000, categoryId: drinks.id });
    const agua = makeProduct(t, { name: "Agua", price: 80_050, categoryId: drinks.id });
    const pan = makeProduct(t, { name: "Pan", price: 100_000 });
    const input = {
      target: "category",
      categoryId: drinks.id,
      mode: "percent",
      amount: 1000,
      rounding: "ten",
    } as const;
    const preview = previewBulkPrices(t, input);
    expect(preview.rows.map((r) => [r.name, r.oldPrice, r.newPrice])).toEqual([
      ["Agua", 80_050, 88_000], // $880,55 → $880
      ["Cola", 150_000, 165_000],
    ]);
    expect(preview.changeId).toBeNull();
    const outboxBefore = t.db.prepare("SELECT count(*) FROM outbox").pluck().get() as number;
    const applied = applyBulkPrices(t, ana, input);
    expect(applied.rows).toEqual(preview.rows);
    expect([getProduct(t, agua.id).price, getProduct(t, cola.id).price, getProduct(t, pan.id).price]).toEqual(
      [88_000, 165_000, 100_000],
    );
    const ops = t.db.prepare("SELECT entity, op FROM outbox").all().slice(outboxBefore);
    expect(ops).toEqual([
      { entity: "product", op: "updated" },
      { entity: "product", op: "updated" },
    ]);
    expect(priceHistory(t, cola.id)).toEqual([
      expect.objectContaining({
        oldPrice: 150_000,
        newPrice: 165_000,
        source: "bulk",
        refId: applied.changeId,
        staffName: "Ana",
      }),
    ]);
  });

  it("a fixed amount over a supplier's products, rounded to the shop's setting (end99) when none is asked", () => {
    const ordered = makeProduct(t, { price: 120_000 });
    makeProduct(t, { price: 120_000 });
    const supplier = createSupplier(t, { name: "Sur" });
    createOrder(t, ana, {
      supplierId: supplier.id,
      lines: [{ productId: ordered.id, quantity: 1, unitCost: 1 }],
    });
    updateSettings(t.db, { priceRounding: "end99" });
    const result = applyBulkPrices(t, ana, {
      target: "supplier",
      supplierId: supplier.id,
      mode: "amount",
      amount: 5_000,
    });
    expect(result.rounding).toBe("end99");
    expect(result.rows.map((r) => r.newPrice)).toEqual([129_900]); // $1.250 → $1.299
  });

  it("the product editor's price changes are in the history too, newest first", () => {
    const p = makeProduct(t, { price: 1_000 });
    updateProduct(t, p.id, { price: 1_500 }, ana);
    updateProduct(t, p.id, { name: "Otro nombre" }, ana);
    updateProduct(t, p.id, { price: 2_000 });
    expect(priceHistory(t, p.id).map((h) => [h.oldPrice, h.newPrice, h.source, h.staffName])).toEqual([
      [1_500, 2_000, "editor", null],
      [1_000, 1_500, "editor", "Ana"],
    ]);
  });

  it("refuses bad changes and changes nothing", () => {
    const drinks = createCategory(t, { name: "Bebidas" });
    const cola = makeProduct(t, { name: "Cola", price: 1_000, categoryId: drinks.id });
    const empty = createCategory(t, { name: "Vacía" });
    const before = catalogSnapshot(t);
    const bad = (input: Parameters<typeof applyBulkPrices>[2]) =>
      refusal(() => applyBulkPrices(t, ana, input));
    expect(bad({ target: "category", categoryId: drinks.id, mode: "percent", amount: -10_000 }).code).toBe(
      "invalid_amount",
    );
    expect(bad({ target: "category", categoryId: drinks.id, mode: "percent", amount: 0 }).code).toBe(
      "invalid_amount",
    );
    expect(
      bad({ target: "category", categoryId: drinks.id, mode: "amount", amount: -1_000 }).message,
    ).toMatch(/"Cola" quedaría sin precio/);
    expect(bad({ target: "category", categoryId: empty.id, mode: "amount", amount: 1 }).code).toBe(
      "nothing_to_reprice",
    );
    expect(bad({ target: "category", mode: "amount", amount: 1 }).code).toBe("category_required");
    expect(bad({ target: "supplier", supplierId: "nope", mode: "amount", amount: 1 }).code).toBe(
      "supplier_not_found",
    );
    expect(bad({ target: "products", productIds: [cola.id, "nope"], mode: "amount", amount: 1 }).code).toBe(
      "product_not_found",
    );
    expect(catalogSnapshot(t)).toEqual(before);
    expect(t.db.prepare("SELECT count(*) FROM product_price_changes").pluck().get()).toBe(0);
  });
});
