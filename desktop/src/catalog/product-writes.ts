import type { Product } from "@mostrador/contracts/http/catalog";
import { nameKey } from "@mostrador/contracts/search-key";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { getCategory } from "./categories.js";
import {
  type CleanProduct,
  cleanBarcodes,
  cleanCategoryId,
  cleanIvaRate,
  cleanName,
  cleanPrice,
  cleanProductInput,
  cleanScaleCode,
  cleanSku,
  cleanThreshold,
  cleanUnit,
  type ProductInput,
  type ProductPatch,
  SIMPLE_PRODUCT,
  type VariantShape,
} from "./product-input.js";
import { type PriceChangeSource, recordPriceChange } from "./price-history.js";
import { getProduct } from "./products.js";
import {
  assertShapeFits,
  followerPatches,
  shapeOf,
  variantEditPatch,
  variantIdsOf,
} from "./variant-rules.js";

/** Who made a catalog change, for the audit log; omitted by the demo seed. */
export interface Actor {
  staffId: string;
  terminalId?: string | null;
}

/** Refuses values another product already holds, with the clash named (unique sku, barcodes, scale code). */
function assertUnique(ctx: Ctx, p: CleanProduct, selfId: string | null): void {
  const other = (sql: string, value: unknown) =>
    stmt(ctx.db, sql).get(value, selfId ?? "") as { id: string; name: string } | undefined;
  const skuOwner = other("SELECT id, name FROM products WHERE sku = ? AND id <> ?", p.sku);
  if (skuOwner) {
    throw new DomainError("conflict", "sku_taken", `El SKU ${p.sku} ya lo usa "${skuOwner.name}"`, {
      productId: skuOwner.id,
    });
  }
  for (const barcode of p.barcodes) {
    const owner = other(
      "SELECT p.id, p.name FROM product_barcodes b JOIN products p ON p.id = b.product_id WHERE b.barcode = ? AND p.id <> ?",
      barcode,
    );
    if (owner) {
      throw new DomainError("conflict", "barcode_taken", `El código ${barcode} ya es de "${owner.name}"`, {
        barcode,
        productId: owner.id,
      });
    }
  }
  if (p.scaleCode !== null) {
    const owner = other("SELECT id, name FROM products WHERE scale_code = ? AND id <> ?", p.scaleCode);
    if (owner) {
      throw new DomainError(
        "conflict",
        "scale_code_taken",
        `El código de balanza ${p.scaleCode} ya es de "${owner.name}"`,
        {
          productId: owner.id,
        },
      );
    }
  }
  if (p.categoryId !== null) getCategory(ctx, p.categoryId);
}

function writeBarcodes(ctx: Ctx, productId: string, barcodes: readonly string[]): void {
  stmt(ctx.db, "DELETE FROM product_barcodes WHERE product_id = ?").run(productId);
  const insert = stmt(ctx.db, "INSERT INTO product_barcodes (barcode, product_id) VALUES (?, ?)");
  for (const barcode of barcodes) insert.run(barcode, productId);
}

/** The product as the cloud stores it: everything but on-hand, which travels as stock movements. */
export function outboxPayload(product: Product): Omit<Product, "onHand" | "categoryName"> {
  const { onHand: _onHand, categoryName: _categoryName, ...rest } = product;
  return rest;
}

/** The four variant columns of a products row, in the order the INSERT and UPDATE above list them. */
function shapeColumns(shape: VariantShape): [string | null, string | null, string | null, number] {
  return [
    shape.variantAxes === null ? null : JSON.stringify(shape.variantAxes),
    shape.variantOf,
    shape.variantValues === null ? null : JSON.stringify(shape.variantValues),
    shape.priceFollowsModel ? 1 : 0,
  ];
}

/** Inserts a validated product with outbox (and audit when an actor is given); callers own the transaction. */
export function insertProduct(ctx: Ctx, input: ProductInput, actor?: Actor): Product {
  const p = cleanProductInput(input);
  const shape = input.shape ?? SIMPLE_PRODUCT;
  assertShapeFits(p, shape);
  assertUnique(ctx, p, null);
  const id = newId();
  const at = isoNow(ctx);
  // Cached statements: a spreadsheet import runs this once per row, 100,000 times.
  stmt(
    ctx.db,
    `INSERT INTO products (id, sku, name, name_key, category_id, price, iva_rate, unit, scale_code, low_stock_threshold,
                             active, created_at, updated_at, variant_axes, variant_of, variant_values, price_follows_model)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    p.sku,
    p.name,
    nameKey(p.name),
    p.categoryId,
    p.price,
    p.ivaRate,
    p.unit,
    p.scaleCode,
    p.lowStockThreshold,
    at,
    at,
    ...shapeColumns(shape),
  );
  writeBarcodes(ctx, id, p.barcodes);
  const product = getProduct(ctx, id);
  enqueueOutbox(ctx.db, {
    entity: "product",
    entityId: id,
    op: "created",
    payload: outboxPayload(product),
    at,
  });
  if (actor) {
    recordAudit(ctx.db, {
      at,
      staffId: actor.staffId,
      terminalId: actor.terminalId ?? null,
      action: "product.create",
      entity: "product",
      entityId: id,
      details: { sku: p.sku, name: p.name, price: p.price },
    });
  }
  return product;
}

/** Creates a product; emits catalog.changed after the commit. */
export function createProduct(ctx: Ctx, input: ProductInput, actor?: Actor): Product {
  const product = ctx.db.transaction(() => insertProduct(ctx, input, actor))();
  ctx.bus.emit("catalog.changed", { productIds: [product.id] });
  return product;
}

/** Applies the fields present in `patch` over the current product, validating each one. */
function merge(current: Product, patch: ProductPatch): CleanProduct {
  const has = (k: keyof ProductPatch) => Object.hasOwn(patch, k) && patch[k] !== undefined;
  return {
    sku: has("sku") ? cleanSku(patch.sku) : current.sku,
    name: has("name") ? cleanName(patch.name) : current.name,
    categoryId: Object.hasOwn(patch, "categoryId") ? cleanCategoryId(patch.categoryId) : current.categoryId,
    price: has("price") ? cleanPrice(patch.price) : current.price,
    ivaRate: has("ivaRate") ? cleanIvaRate(patch.ivaRate) : current.ivaRate,
    unit: has("unit") ? cleanUnit(patch.unit) : current.unit,
    barcodes: has("barcodes") ? cleanBarcodes(patch.barcodes) : current.barcodes,
    scaleCode: Object.hasOwn(patch, "scaleCode") ? cleanScaleCode(patch.scaleCode) : current.scaleCode,
    lowStockThreshold: Object.hasOwn(patch, "lowStockThreshold")
      ? cleanThreshold(patch.lowStockThreshold)
      : current.lowStockThreshold,
  };
}

/**
 * Changes a product: any subset of its fields, `active: false` to take it off sale (it stays for
 * old tickets and reports). A price change is audited, since it changes what every till charges.
 */
export function updateProduct(ctx: Ctx, id: string, patch: ProductPatch, actor?: Actor): Product {
  const product = ctx.db.transaction(() => writeProductUpdate(ctx, id, patch, actor))();
  ctx.bus.emit("catalog.changed", { productIds: [product.id, ...variantIdsOf(ctx, product)] });
  return product;
}

/**
 * The product update path every price or field change takes (the editor, a bulk price change): row,
 * barcodes, outbox, audit and price history. Callers own the transaction and emit catalog.changed after it.
 */
export function writeProductUpdate(
  ctx: Ctx,
  id: string,
  requested: ProductPatch,
  actor?: Actor,
  priceSource: { source: PriceChangeSource; refId?: string | null } = { source: "editor" },
): Product {
  const current = getProduct(ctx, id);
  // A variant edited as a product (the product editor, a bulk price change): its name, category, IVA
  // and unit stay its model's, and a price of its own stops it following the model's.
  const patch =
    requested.shape === undefined && current.variantOf ? variantEditPatch(current, requested) : requested;
  const p = merge(current, patch);
  if (patch.active !== undefined && typeof patch.active !== "boolean") {
    throw new DomainError("invalid", "invalid_active", 'El campo "active" debe ser verdadero o falso');
  }
  const active = patch.active ?? current.active;
  const shape = patch.shape ?? shapeOf(current);
  assertShapeFits(p, shape);
  assertUnique(ctx, p, id);
  const at = isoNow(ctx);
  stmt(
    ctx.db,
    `UPDATE products SET sku = ?, name = ?, name_key = ?, category_id = ?, price = ?, iva_rate = ?, unit = ?,
              scale_code = ?, low_stock_threshold = ?, active = ?, updated_at = ?,
              variant_axes = ?, variant_of = ?, variant_values = ?, price_follows_model = ? WHERE id = ?`,
  ).run(
    p.sku,
    p.name,
    nameKey(p.name),
    p.categoryId,
    p.price,
    p.ivaRate,
    p.unit,
    p.scaleCode,
    p.lowStockThreshold,
    active ? 1 : 0,
    at,
    ...shapeColumns(shape),
    id,
  );
  if (Object.hasOwn(patch, "barcodes")) writeBarcodes(ctx, id, p.barcodes);
  const next = getProduct(ctx, id);
  enqueueOutbox(ctx.db, {
    entity: "product",
    entityId: id,
    op: "updated",
    payload: outboxPayload(next),
    at,
  });
  if (actor) {
    const changed = (Object.keys(patch) as (keyof ProductPatch)[])
      .filter((k): k is Exclude<keyof ProductPatch, "shape"> => k !== "shape")
      .filter((k) => JSON.stringify(current[k]) !== JSON.stringify(next[k]));
    recordAudit(ctx.db, {
      at,
      staffId: actor.staffId,
      terminalId: actor.terminalId ?? null,
      action: "product.update",
      entity: "product",
      entityId: id,
      details: {
        changed,
        ...(changed.includes("price") ? { priceBefore: current.price, priceAfter: next.price } : {}),
      },
    });
  }
  if (next.price !== current.price) {
    recordPriceChange(ctx.db, {
      productId: id,
      oldPrice: current.price,
      newPrice: next.price,
      source: priceSource.source,
      refId: priceSource.refId ?? null,
      staffId: actor?.staffId ?? null,
      at,
    });
  }
  // A model's name, category, IVA, unit and price move its variants in this same transaction, each
  // through this path (its own outbox op, audit and price history).
  for (const follower of followerPatches(ctx, current, next)) {
    writeProductUpdate(ctx, follower.id, follower.patch, actor, priceSource);
  }
  return next;
}
