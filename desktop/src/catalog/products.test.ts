import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "@mostrador/kernel/core/errors";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { createCategory, listCategories } from "./categories.js";
import { createProduct, updateProduct } from "./product-writes.js";
import { getProduct } from "./products.js";
import { catalogSnapshot, makeProduct } from "./test-catalog.js";

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error("expected a DomainError");
}

const base = {
  sku: "COC-225",
  name: "Coca-Cola 2,25 L",
  price: 499_000,
  ivaRate: 2100,
  unit: "each" as const,
};

describe("products", () => {
  let t: TestCore;
  let staffId: string;
  beforeEach(() => {
    t = openTestCore();
    staffId = "s-1";
    t.db
      .prepare(
        "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (?, 'Ana', 'owner', 'x', '', '')",
      )
      .run(staffId);
  });
  afterEach(() => t.close());

  it("creates a product with its category name, barcodes and zero on hand, and tells the cloud and the tills", () => {
    const bebidas = createCategory(t, { name: "Bebidas" });
    const events: unknown[] = [];
    t.bus.on("catalog.changed", (e) => events.push(e));
    const p = createProduct(
      t,
      { ...base, categoryId: bebidas.id, barcodes: ["7790895000997", " 96385074 "] },
      { staffId },
    );
    expect(p).toMatchObject({
      sku: "COC-225",
      categoryName: "Bebidas",
      barcodes: ["7790895000997", "96385074"],
      scaleCode: null,
      lowStockThreshold: null,
      active: true,
      onHand: 0,
    });
    expect(getProduct(t, p.id)).toEqual(p);
    const outbox = t.db.prepare("SELECT entity, entity_id, op FROM outbox WHERE entity = 'product'").all();
    expect(outbox).toEqual([{ entity: "product", entity_id: p.id, op: "created" }]);
    expect(events).toEqual([{ productIds: [p.id] }]);
    expect(t.db.prepare("SELECT action FROM audit_log").pluck().all()).toEqual(["product.create"]);
  });

  it("refuses a barcode another product has, and changes nothing", () => {
    makeProduct(t, { barcodes: ["7790895000997"] });
    const before = catalogSnapshot(t);
    expect(codeOf(() => createProduct(t, { ...base, barcodes: ["7790001000019", "7790895000997"] }))).toBe(
      "barcode_taken",
    );
    expect(catalogSnapshot(t)).toEqual(before);
  });

  it("refuses a repeated SKU regardless of case, and a repeated scale code", () => {
    makeProduct(t, { sku: "QUE-01", scaleCode: 12, unit: "kg" });
    expect(codeOf(() => createProduct(t, { ...base, sku: "que-01" }))).toBe("sku_taken");
    expect(codeOf(() => createProduct(t, { ...base, scaleCode: 12 }))).toBe("scale_code_taken");
  });

  it("refuses a barcode with a wrong check digit, prices that are not centavos, unknown IVA rates and units", () => {
    const before = catalogSnapshot(t);
    expect(codeOf(() => createProduct(t, { ...base, barcodes: ["7790895000998"] }))).toBe("bad_check_digit");
    expect(codeOf(() => createProduct(t, { ...base, barcodes: ["con espacio"] }))).toBe("invalid_barcode");
    expect(codeOf(() => createProduct(t, { ...base, price: 10.5 }))).toBe("invalid_price");
    expect(codeOf(() => createProduct(t, { ...base, price: -1 }))).toBe("invalid_price");
    expect(codeOf(() => createProduct(t, { ...base, price: 1e16 }))).toBe("invalid_price");
    expect(codeOf(() => createProduct(t, { ...base, ivaRate: 1000 }))).toBe("invalid_iva_rate");
    expect(codeOf(() => createProduct(t, { ...base, unit: "litro" as "kg" }))).toBe("invalid_unit");
    expect(codeOf(() => createProduct(t, { ...base, name: "   " }))).toBe("invalid_name");
    expect(codeOf(() => createProduct(t, { ...base, categoryId: "no-such" }))).toBe("category_not_found");
    expect(catalogSnapshot(t)).toEqual(before);
  });

  it("updates only the fields given, replaces barcodes, and audits the price change", () => {
    const p = makeProduct(t, { ...base, barcodes: ["7790895000997"] });
    const next = updateProduct(t, p.id, { price: 529_000, barcodes: ["96385074"] }, { staffId });
    expect(next).toMatchObject({ name: base.name, price: 529_000, barcodes: ["96385074"] });
    const audit = t.db.prepare("SELECT action, details FROM audit_log").get() as {
      action: string;
      details: string;
    };
    expect(audit.action).toBe("product.update");
    expect(JSON.parse(audit.details)).toMatchObject({ priceBefore: 499_000, priceAfter: 529_000 });
    expect(t.db.prepare("SELECT count(*) FROM outbox WHERE op = 'updated'").pluck().get()).toBe(1);
  });

  it("deactivates and reactivates a product", () => {
    const p = makeProduct(t);
    expect(updateProduct(t, p.id, { active: false }).active).toBe(false);
    expect(updateProduct(t, p.id, { active: true }).active).toBe(true);
  });

  it("refuses an update that would steal another product's barcode, and changes nothing", () => {
    makeProduct(t, { barcodes: ["7790895000997"] });
    const p = makeProduct(t, { barcodes: ["96385074"] });
    const before = catalogSnapshot(t);
    expect(codeOf(() => updateProduct(t, p.id, { name: "Otro", barcodes: ["7790895000997"] }))).toBe(
      "barcode_taken",
    );
    expect(catalogSnapshot(t)).toEqual(before);
  });

  it("lets a product keep its own barcode and SKU on update", () => {
    const p = makeProduct(t, { sku: "X-1", barcodes: ["7790895000997"] });
    expect(updateProduct(t, p.id, { sku: "X-1", barcodes: ["7790895000997"] }).sku).toBe("X-1");
  });

  it("answers product_not_found for an unknown id", () => {
    expect(codeOf(() => getProduct(t, "nope"))).toBe("product_not_found");
    expect(codeOf(() => updateProduct(t, "nope", { price: 1 }))).toBe("product_not_found");
  });

  it("keeps category names unique regardless of case", () => {
    createCategory(t, { name: "Lácteos" });
    expect(codeOf(() => createCategory(t, { name: "LÁCTEOS" }))).toBe("category_taken");
    expect(codeOf(() => createCategory(t, { name: "  " }))).toBe("invalid_category_name");
    expect(listCategories(t).map((c) => c.name)).toEqual(["Lácteos"]);
  });
});
