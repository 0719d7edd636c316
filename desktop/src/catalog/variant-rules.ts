import type { Product } from "@mostrador/contracts/http/catalog";
import { variantName } from "@mostrador/contracts/catalog/variant-name";
import { PRODUCT_NAME_MAX } from "@mostrador/contracts/limits";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import type { CleanProduct, ProductPatch, VariantShape } from "./product-input.js";

/**
 * The rules every write of a products row keeps about variants (product-writes.ts calls them, so the
 * product editor, bulk prices and imports keep them too): a model carries no barcode or scale code, a
 * variant's name, category, IVA and unit are its model's, and a model's change moves its variants.
 */

export function shapeOf(product: Product): VariantShape {
  return {
    variantAxes: product.variantAxes ?? null,
    variantOf: product.variantOf ?? null,
    variantValues: product.variantValues ?? null,
    priceFollowsModel: product.priceFollowsModel ?? true,
  };
}

/** A model is never scanned or weighed: its variants carry the barcodes. */
export function assertShapeFits(p: CleanProduct, shape: VariantShape): void {
  if (shape.variantAxes === null) return;
  if (p.barcodes.length > 0) {
    throw new DomainError(
      "invalid",
      "model_barcodes",
      `"${p.name}" tiene variantes: los códigos de barras van en cada variante, no en el modelo`,
    );
  }
  if (p.lowStockThreshold !== null) {
    throw new DomainError(
      "invalid",
      "model_threshold",
      `"${p.name}" tiene variantes: el stock mínimo va en cada variante, no en el modelo`,
    );
  }
  if (p.scaleCode !== null) {
    throw new DomainError(
      "invalid",
      "model_scale_code",
      `"${p.name}" tiene variantes: el código de balanza va en cada variante, no en el modelo`,
    );
  }
}

/**
 * A variant edited as any product: a new name, category, IVA or unit is refused (they are its model's),
 * and a price different from the one it has becomes its own price, no longer following the model's.
 */
export function variantEditPatch(current: Product, patch: ProductPatch): ProductPatch {
  for (const field of ["name", "categoryId", "ivaRate", "unit"] as const) {
    if (patch[field] !== undefined && patch[field] !== current[field]) {
      throw new DomainError(
        "invalid",
        "variant_field_from_model",
        `El nombre, la categoría, el IVA y la unidad de "${current.name}" son los de su modelo: cambialos en el modelo`,
        { productId: current.id, field },
      );
    }
  }
  if (patch.price === undefined || patch.price === current.price) return patch;
  return { ...patch, shape: { ...shapeOf(current), priceFollowsModel: false } };
}

/** A variant's name, refused with the reason when model name and values do not fit a product name. */
export function checkedVariantName(modelName: string, values: readonly string[]): string {
  const name = variantName(modelName, values);
  if (name.length > PRODUCT_NAME_MAX) {
    throw new DomainError(
      "invalid",
      "variant_name_too_long",
      `"${name.slice(0, 60)}…" tiene más de ${PRODUCT_NAME_MAX} caracteres: acortá el nombre del modelo o los valores`,
    );
  }
  return name;
}

interface VariantRow {
  id: string;
  values: string;
  name: string;
  categoryId: string | null;
  ivaRate: number;
  unit: string;
  price: number;
  follows: number;
  active: number;
}

/** The ids of a model's variants (none for any other product). */
export function variantIdsOf(ctx: Ctx, product: Product): string[] {
  if (!product.variantAxes) return [];
  return stmt(ctx.db, "SELECT id FROM products WHERE variant_of = ? ORDER BY num")
    .pluck()
    .all(product.id) as string[];
}

/**
 * What each variant of a model must change after the model went from `before` to `after`: its name
 * (model name and values), category, IVA, unit, and price while it follows the model's. Variants
 * already in step are left out, so no needless outbox op is written.
 */
export function followerPatches(
  ctx: Ctx,
  before: Product,
  after: Product,
): { id: string; patch: ProductPatch }[] {
  if (!after.variantAxes) return [];
  const moved = (["name", "categoryId", "ivaRate", "unit", "price", "active"] as const).some(
    (k) => before[k] !== after[k],
  );
  if (!moved) return [];
  const rows = stmt(
    ctx.db,
    `SELECT id, variant_values AS "values", name, category_id AS categoryId, iva_rate AS ivaRate, unit, price,
            price_follows_model AS follows, active
       FROM products WHERE variant_of = ? ORDER BY num`,
  ).all(after.id) as VariantRow[];
  const out: { id: string; patch: ProductPatch }[] = [];
  for (const row of rows) {
    const values = JSON.parse(row.values) as string[];
    const patch: ProductPatch = {};
    const name = checkedVariantName(after.name, values);
    if (row.name !== name) patch.name = name;
    if (row.categoryId !== after.categoryId) patch.categoryId = after.categoryId;
    if (row.ivaRate !== after.ivaRate) patch.ivaRate = after.ivaRate;
    if (row.unit !== after.unit) patch.unit = after.unit;
    if (row.follows === 1 && row.price !== after.price) patch.price = after.price;
    // A model taken off sale takes its variants with it; brought back, the cells of the values it lists return.
    if (before.active !== after.active) {
      const listed = values.every((v, i) => after.variantAxes?.[i]?.values.includes(v) ?? false);
      if (!after.active && row.active === 1) patch.active = false;
      if (after.active && row.active === 0 && listed) patch.active = true;
    }
    if (Object.keys(patch).length === 0) continue;
    patch.shape = {
      variantAxes: null,
      variantOf: after.id,
      variantValues: values,
      priceFollowsModel: row.follows === 1,
    };
    out.push({ id: row.id, patch });
  }
  return out;
}

/** A model is never sold or stocked, and a variant turned off is not sold: refused with its name. */
export function assertSellable(product: Product, code?: string): void {
  if (product.variantAxes) {
    throw new DomainError(
      "invalid",
      "model_not_sellable",
      `"${product.name}" tiene variantes: elegí la variante (${product.variantAxes.map((a) => a.name).join(", ")})`,
      { productId: product.id },
    );
  }
  if (product.variantOf && !product.active) {
    throw new DomainError(
      "invalid",
      "variant_inactive",
      `La variante "${product.name}"${code ? ` (código ${code})` : ""} está desactivada`,
      { productId: product.id },
    );
  }
}

/** Stock is counted, received and adjusted per variant, never on the model. */
export function assertStockable(product: Product): void {
  if (product.variantAxes) {
    throw new DomainError(
      "invalid",
      "model_not_stocked",
      `"${product.name}" tiene variantes: el stock se lleva en cada variante`,
      { productId: product.id },
    );
  }
}
