import type { Product } from "@mostrador/contracts/http/catalog";
import type { Ctx } from "@mostrador/kernel/core/context";
import type { ProductInput } from "./product-input.js";
import { createProduct } from "./product-writes.js";

let serial = 0;

/** A valid product for tests; override what the test is about. */
export function makeProduct(ctx: Ctx, overrides: Partial<ProductInput> = {}): Product {
  serial++;
  return createProduct(ctx, {
    sku: `T-${serial}`,
    name: `Producto de prueba ${serial}`,
    price: 100_000,
    ivaRate: 2100,
    unit: "each",
    barcodes: [],
    ...overrides,
  });
}

/** Row counts of the tables a catalog write touches: equal before and after a refusal. */
export function catalogSnapshot(ctx: Ctx): Record<string, unknown> {
  const count = (t: string) => ctx.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get();
  return {
    products: ctx.db.prepare("SELECT * FROM products ORDER BY num").all(),
    barcodes: ctx.db.prepare("SELECT * FROM product_barcodes ORDER BY barcode").all(),
    categories: count("categories"),
    outbox: count("outbox"),
    audit: count("audit_log"),
    movements: count("stock_movements"),
    onHand: ctx.db.prepare("SELECT * FROM stock_on_hand ORDER BY product_id").all(),
  };
}
