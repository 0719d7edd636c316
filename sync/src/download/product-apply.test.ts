import type { ChangeMessage, Row } from "@electric-sql/client";
import { afterEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { createProduct } from "@mostrador/desktop/catalog/product-writes";
import { applyProductMessages } from "./product-apply.js";

// The products shape applied straight into a till's SQLite, as the consumer does with one
// up-to-date batch: the set-based write for the whole batch, and the row-by-row path it falls back to.
const cores: TestCore[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.db.close();
});
function till(): TestCore {
  const core = openTestCore();
  cores.push(core);
  return core;
}

const OLD = "001777000000000-00000-cloud";
const NEW = "001777000000009-00003-cloud";
const id = (n: number) => `0196a0b0-0000-7000-8000-${String(n).padStart(12, "0")}`;
const product = (n: number, extra: Record<string, unknown> = {}) => ({
  id: id(n),
  sku: `B-${n}`,
  name: `Galletitas ${n}`,
  category_id: null,
  price: BigInt(100 + n),
  iva_rate: 2100,
  unit: "each",
  barcodes: [String(7790000000000 + n)],
  scale_code: null,
  low_stock_threshold: null,
  active: true,
  variant_axes: null,
  variant_of: null,
  variant_values: null,
  price_follows_model: true,
  field_hlc: { sku: OLD, name: n === 2 ? NEW : OLD, price: OLD },
  ...extra,
});
const insert = (value: Record<string, unknown>) =>
  ({ headers: { operation: "insert" }, key: String(value.id), value }) as unknown as ChangeMessage<Row>;
const remove = (n: number) =>
  ({ headers: { operation: "delete" }, key: id(n), value: { id: id(n) } }) as unknown as ChangeMessage<Row>;
const apply = (core: TestCore, messages: ChangeMessage<Row>[], fromScratch = false) =>
  core.db.transaction(() => applyProductMessages(core, messages, fromScratch))();
const count = (core: TestCore, sql: string, ...params: unknown[]) =>
  (core.db.prepare(sql).get(...params) as { n: number }).n;

describe("applying a batch of the products shape", () => {
  it("writes the whole batch: searchable by name, found by barcode, with its cloud base and clock", () => {
    const core = till();
    const touched = apply(
      core,
      [1, 2, 3].map((n) => insert(product(n))),
      true,
    );
    expect(touched.sort()).toEqual([id(1), id(2), id(3)]);
    expect(count(core, "SELECT count(*) AS n FROM products_fts WHERE products_fts MATCH 'galletitas'")).toBe(
      3,
    );
    expect(
      core.db.prepare("SELECT product_id FROM product_barcodes WHERE barcode = ?").get("7790000000002"),
    ).toEqual({
      product_id: id(2),
    });
    expect(
      core.db.prepare("SELECT sku, name, name_key, price, active FROM products WHERE id = ?").get(id(2)),
    ).toEqual({ sku: "B-2", name: "Galletitas 2", name_key: "galletitas 2", price: 102, active: 1 });
    expect(count(core, "SELECT count(*) AS n FROM product_cloud_base")).toBe(3);
    // The newest clock of the batch (product 2's name) is what the till's next edit must order after.
    expect(core.db.prepare("SELECT wall, counter FROM hlc_state").get()).toEqual({
      wall: 1777000000009,
      counter: 3,
    });
    expect(count(core, "SELECT count(*) AS n FROM outbox")).toBe(0);
  });

  it("updates products already here, renaming them in search and moving a barcode between two of them", () => {
    const core = till();
    apply(
      core,
      [1, 2].map((n) => insert(product(n))),
      true,
    );
    // Product 1 takes product 2's barcode while 2 gets a new one, in the order that needs 2 to let go first.
    apply(core, [
      insert(product(1, { name: "Alfajor", barcodes: ["7790000000002"] })),
      insert(product(2, { barcodes: ["7790000000099"] })),
    ]);
    expect(count(core, "SELECT count(*) AS n FROM products_fts WHERE products_fts MATCH 'alfajor'")).toBe(1);
    expect(count(core, "SELECT count(*) AS n FROM products_fts WHERE products_fts MATCH 'galletitas'")).toBe(
      1,
    );
    expect(
      core.db.prepare("SELECT barcode, product_id FROM product_barcodes ORDER BY barcode").all(),
    ).toEqual([
      { barcode: "7790000000002", product_id: id(1) },
      { barcode: "7790000000099", product_id: id(2) },
    ]);
  });

  it("parks only the row the catalog refuses (a SKU a till-made product holds) and applies the rest", () => {
    const core = till();
    createProduct(core, { sku: "b-2", name: "Hecho en la caja", price: 500, ivaRate: 2100, unit: "each" });
    const outboxBefore = count(core, "SELECT count(*) AS n FROM outbox");
    const touched = apply(
      core,
      [1, 2, 3].map((n) => insert(product(n))),
      true,
    );
    expect(touched.sort()).toEqual([id(1), id(2), id(3)]);
    expect(
      core.db.prepare("SELECT id FROM products WHERE id IN (?, ?, ?) ORDER BY id").all(id(1), id(2), id(3)),
    ).toEqual([{ id: id(1) }, { id: id(3) }]);
    expect(core.db.prepare("SELECT pk, reason FROM download_rejects").all()).toEqual([
      { pk: id(2), reason: expect.stringContaining("UNIQUE") as unknown },
    ]);
    expect(count(core, "SELECT count(*) AS n FROM products_fts WHERE products_fts MATCH 'galletitas'")).toBe(
      2,
    );
    expect(count(core, "SELECT count(*) AS n FROM outbox")).toBe(outboxBefore);

    // Once the till's product gives the SKU up, the next batch naming product 2 takes it off the list.
    core.db.prepare("UPDATE products SET sku = 'CAJA-1' WHERE sku = 'b-2'").run();
    apply(core, [insert(product(2))]);
    expect(count(core, "SELECT count(*) AS n FROM download_rejects")).toBe(0);
    expect(count(core, "SELECT count(*) AS n FROM products WHERE id = ?", id(2))).toBe(1);
  });

  it("takes a variant that comes before its model in the same batch", () => {
    const core = till();
    const variant = product(2, { variant_of: id(9), variant_values: ["S"] });
    const model = product(9, { variant_axes: [{ name: "Talle", values: ["S", "M"] }] });
    apply(core, [insert(variant), insert(model)], true);
    expect(
      core.db.prepare("SELECT variant_of, variant_values FROM products WHERE id = ?").get(id(2)),
    ).toEqual({
      variant_of: id(9),
      variant_values: '["S"]',
    });
    expect(count(core, "SELECT count(*) AS n FROM download_rejects")).toBe(0);
  });

  it("applies a product named twice in one batch in order: inserted, then off sale", () => {
    const core = till();
    const touched = apply(core, [insert(product(1)), remove(1), insert(product(3))]);
    expect(touched.sort()).toEqual([id(1), id(3)]);
    expect(core.db.prepare("SELECT id, active FROM products ORDER BY id").all()).toEqual([
      { id: id(1), active: 0 },
      { id: id(3), active: 1 },
    ]);
    expect(core.db.prepare("SELECT product_id FROM product_cloud_base").all()).toEqual([
      { product_id: id(3) },
    ]);
  });

  it("retires, on a whole snapshot, the cloud products it no longer holds", () => {
    const core = till();
    apply(
      core,
      [1, 2, 3].map((n) => insert(product(n))),
      true,
    );
    apply(
      core,
      [1, 3].map((n) => insert(product(n))),
      true,
    );
    expect(core.db.prepare("SELECT id, active FROM products ORDER BY id").all()).toEqual([
      { id: id(1), active: 1 },
      { id: id(2), active: 0 },
      { id: id(3), active: 1 },
    ]);
  });
});
