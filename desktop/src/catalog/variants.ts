import type { AuditAction } from "@mostrador/contracts/audit-actions";
import type {
  ConvertToModelInput,
  CreateModelInput,
  PatchVariantInput,
  PatchVariantsInput,
  Product,
  SetAxesInput,
  VariantAxis,
  VariantCellInput,
  VariantGrid,
} from "@mostrador/contracts/http/catalog";
import { derivedSku } from "@mostrador/contracts/catalog/variant-name";
import { MAX_AMOUNT, SKU_MAX } from "@mostrador/contracts/limits";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { averageCost, setAverageCost } from "../purchasing/costs.js";
import { insertStockMovements, onHand } from "../stock/movements.js";
import { cleanBarcodes, type ProductPatch, type VariantShape } from "./product-input.js";
import { type Actor, insertProduct, outboxPayload, writeProductUpdate } from "./product-writes.js";
import { getProduct, getProductsByIds } from "./products.js";
import { cellInAxes, cellKey, cellOrder, cleanAxes, gridCells } from "./variant-axes.js";
import { checkedVariantName, shapeOf, variantIdsOf } from "./variant-rules.js";

/**
 * Products with variants (ropa: talle × color). A model is a products row with axes; each cell of its
 * grid is a variant, a products row of its own (SKU, barcodes, price, cost, stock, active). Every row
 * is written through product-writes.ts, so each one enqueues its product op in the same transaction.
 */

const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError("invalid", code, message, details);

const modelShape = (axes: VariantAxis[]): VariantShape => ({
  variantAxes: axes,
  variantOf: null,
  variantValues: null,
  priceFollowsModel: true,
});

/** The model with this id; refused when the product has no variants. */
function requireModel(ctx: Ctx, id: string): Product & { variantAxes: VariantAxis[] } {
  const model = getProduct(ctx, id);
  if (!model.variantAxes) {
    throw invalid("not_a_model", `"${model.name}" no es un producto con variantes`, { productId: id });
  }
  return model as Product & { variantAxes: VariantAxis[] };
}

function requireVariant(ctx: Ctx, id: string): Product {
  const variant = getProduct(ctx, id);
  if (!variant.variantOf) {
    throw invalid("not_a_variant", `"${variant.name}" no es una variante`, { productId: id });
  }
  return variant;
}

/** Cell inputs keyed by their cell, each matched to the grid's own spelling of the values. */
function cellInputsByKey(
  axes: VariantAxis[],
  cells: readonly VariantCellInput[] | undefined,
): Map<string, VariantCellInput> {
  const grid = new Map(gridCells(axes).map((c) => [cellKey(c), c]));
  const out = new Map<string, VariantCellInput>();
  for (const cell of cells ?? []) {
    const values = Array.isArray(cell?.values) ? cell.values.map((v) => String(v).trim()) : [];
    const key = cellKey(values);
    const canonical = grid.get(key);
    if (!canonical) {
      throw invalid("unknown_cell", `La variante "${values.join(" / ")}" no está en la grilla de valores`, {
        values,
      });
    }
    if (out.has(key)) throw invalid("duplicate_cell", `La variante "${values.join(" / ")}" está dos veces`);
    out.set(key, { ...cell, values: canonical });
  }
  return out;
}

/** Two cells of one grid may not share a barcode (the scanner could not tell them apart). */
function assertGridBarcodesUnique(cells: Iterable<VariantCellInput>): void {
  const owner = new Map<string, string>();
  for (const cell of cells) {
    for (const code of cleanBarcodes(cell.barcodes ?? [])) {
      const first = owner.get(code);
      if (first !== undefined) {
        throw new DomainError(
          "conflict",
          "duplicate_variant_barcode",
          `El código ${code} está en dos variantes: "${first}" y "${cell.values.join(" / ")}"`,
          { barcode: code },
        );
      }
      owner.set(code, cell.values.join(" / "));
    }
  }
}

/** The cell's own SKU, or the model's SKU and values, numbered if another product already has it. */
function skuFor(ctx: Ctx, modelSku: string, cell: VariantCellInput, taken: Set<string>): string {
  if (cell.sku !== undefined) return cell.sku;
  const base = derivedSku(modelSku, cell.values, SKU_MAX);
  const free = (sku: string) =>
    !taken.has(sku.toLowerCase()) &&
    stmt(ctx.db, "SELECT 1 FROM products WHERE sku = ?").get(sku) === undefined;
  let sku = base;
  for (let n = 2; !free(sku); n++) sku = `${base.slice(0, SKU_MAX - String(n).length - 1)}-${n}`;
  taken.add(sku.toLowerCase());
  return sku;
}

function cleanCost(value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > MAX_AMOUNT) {
    throw invalid("invalid_cost", "El costo debe ser un importe en centavos, entero y no negativo");
  }
  return value as number;
}

/** Sets a variant's unit cost (the weighted average the next receipt averages from) and tells the cloud. */
function writeCost(ctx: Ctx, productId: string, cost: number): void {
  const at = isoNow(ctx);
  setAverageCost(ctx.db, productId, cost, at);
  enqueueOutbox(ctx.db, {
    entity: "product_cost",
    entityId: productId,
    op: "updated",
    payload: { productId, averageCost: cost, source: "variants", at },
    at,
  });
}

/** Inserts one cell of a model's grid as a variant row (with its cost, and inactive when asked). */
function insertVariant(
  ctx: Ctx,
  model: Product,
  cell: VariantCellInput,
  extra: { sku: string; barcodes?: string[]; scaleCode?: number | null; cost?: number | null },
  actor?: Actor,
): Product {
  const ownPrice = cell.price !== undefined && cell.price !== null;
  let variant = insertProduct(
    ctx,
    {
      sku: extra.sku,
      name: checkedVariantName(model.name, cell.values),
      categoryId: model.categoryId,
      price: ownPrice ? (cell.price as number) : model.price,
      ivaRate: model.ivaRate,
      unit: model.unit,
      barcodes: [...(extra.barcodes ?? []), ...(cell.barcodes ?? [])],
      scaleCode: extra.scaleCode ?? null,
      lowStockThreshold:
        cell.lowStockThreshold !== undefined ? cell.lowStockThreshold : model.lowStockThreshold,
      shape: {
        variantAxes: null,
        variantOf: model.id,
        variantValues: cell.values,
        priceFollowsModel: !ownPrice,
      },
    },
    actor,
  );
  const cost = cell.cost !== undefined ? cleanCost(cell.cost) : (extra.cost ?? null);
  if (cost !== null) writeCost(ctx, variant.id, cost);
  if (cell.active === false) variant = writeProductUpdate(ctx, variant.id, { active: false }, actor);
  return variant;
}

/** Creates every cell of `axes` the model does not have yet; `first` gets what a converted product brings. */
function insertMissingCells(
  ctx: Ctx,
  model: Product,
  axes: VariantAxis[],
  inputs: Map<string, VariantCellInput>,
  existing: Set<string>,
  actor?: Actor,
  keep?: { key: string; barcodes: string[]; scaleCode: number | null },
  cost?: number | null,
): Map<string, Product> {
  const taken = new Set<string>();
  const created = new Map<string, Product>();
  for (const values of gridCells(axes)) {
    const key = cellKey(values);
    if (existing.has(key)) continue;
    const cell = inputs.get(key) ?? { values };
    const kept = keep?.key === key ? keep : null;
    const variant = insertVariant(
      ctx,
      model,
      cell,
      {
        sku: skuFor(ctx, model.sku, cell, taken),
        barcodes: kept?.barcodes ?? [],
        scaleCode: kept?.scaleCode ?? null,
        cost: cost ?? null,
      },
      actor,
    );
    created.set(key, variant);
  }
  return created;
}

function emitChanged(ctx: Ctx, modelId: string): void {
  const model = getProduct(ctx, modelId);
  ctx.bus.emit("catalog.changed", { productIds: [modelId, ...variantIdsOf(ctx, model)] });
}

function audit(
  ctx: Ctx,
  actor: Actor | undefined,
  action: AuditAction,
  entityId: string,
  details: object,
): void {
  if (!actor) return;
  recordAudit(ctx.db, {
    at: isoNow(ctx),
    staffId: actor.staffId,
    terminalId: actor.terminalId ?? null,
    action,
    entity: "product",
    entityId,
    details: details as Record<string, unknown>,
  });
}

/**
 * Creates a product with variants: the model (name, category, IVA, unit, default price) and one variant
 * per cell of its axes, each with its SKU (given, or the model's SKU and values), barcodes, price (the
 * model's, or its own), cost and active flag. All or nothing.
 */
export function createModel(ctx: Ctx, input: CreateModelInput, actor?: Actor): VariantGrid {
  const axes = cleanAxes(input.axes);
  const inputs = cellInputsByKey(axes, input.cells);
  assertGridBarcodesUnique(inputs.values());
  const modelId = ctx.db.transaction(() => {
    const { axes: _axes, cells: _cells, ...fields } = input;
    const model = insertProduct(
      ctx,
      { ...fields, barcodes: [], lowStockThreshold: null, shape: modelShape(axes) },
      actor,
    );
    // The threshold is each variant's (a model has no stock): the one given is every cell's default.
    const defaults = { ...model, lowStockThreshold: input.lowStockThreshold ?? null };
    insertMissingCells(ctx, defaults, axes, inputs, new Set(), actor);
    return model.id;
  })();
  emitChanged(ctx, modelId);
  return getVariantGrid(ctx, modelId);
}

/**
 * Changes a model's axes: values added (their cells are created), values removed (their cells are
 * deactivated, never deleted: they keep their sales and stock), axes renamed in place. The number of
 * axes stays: a new axis would leave every existing variant without a value for it.
 */
export function setAxes(ctx: Ctx, modelId: string, input: SetAxesInput, actor?: Actor): VariantGrid {
  const model = requireModel(ctx, modelId);
  const axes = cleanAxes(input.axes);
  if (axes.length !== model.variantAxes.length) {
    throw invalid(
      "axes_count_fixed",
      `"${model.name}" tiene ${model.variantAxes.length} eje(s): se pueden agregar o quitar valores, no ejes`,
    );
  }
  const inputs = cellInputsByKey(axes, input.cells);
  assertGridBarcodesUnique(inputs.values());
  ctx.db.transaction(() => {
    const updated = writeProductUpdate(ctx, modelId, { shape: modelShape(axes) }, actor);
    const variants = getProductsByIds(ctx, variantIdsOf(ctx, updated));
    const existing = new Set<string>();
    for (const v of variants) {
      const values = v.variantValues ?? [];
      existing.add(cellKey(values));
      const wasListed = cellInAxes(model.variantAxes, values);
      const listed = cellInAxes(axes, values);
      if (!listed && v.active) writeProductUpdate(ctx, v.id, { active: false }, actor);
      // A value added back brings its cells back; a cell the shop turned off itself stays off.
      if (listed && !wasListed && !v.active) writeProductUpdate(ctx, v.id, { active: true }, actor);
      const own = inputs.get(cellKey(values));
      if (own) writeVariantPatch(ctx, v, own, actor);
    }
    insertMissingCells(ctx, updated, axes, inputs, existing, actor);
    audit(ctx, actor, "product.variant_axes", modelId, { before: model.variantAxes, after: axes });
  })();
  emitChanged(ctx, modelId);
  return getVariantGrid(ctx, modelId);
}

/** Applies what the shop set on one variant: SKU, barcodes, own price or back to the model's, cost, active. */
function writeVariantPatch(ctx: Ctx, variant: Product, input: PatchVariantInput, actor?: Actor): void {
  const model = getProduct(ctx, variant.variantOf as string);
  const shape = shapeOf(variant);
  const patch: ProductPatch = {};
  if (input.sku !== undefined) patch.sku = input.sku;
  if (input.barcodes !== undefined) patch.barcodes = input.barcodes;
  if (input.lowStockThreshold !== undefined) patch.lowStockThreshold = input.lowStockThreshold;
  if (input.active !== undefined) {
    if (input.active && model.variantAxes && !cellInAxes(model.variantAxes, shape.variantValues ?? [])) {
      throw invalid(
        "variant_value_removed",
        `"${variant.name}" es de un valor que "${model.name}" ya no tiene: volvé a agregar el valor`,
      );
    }
    patch.active = input.active;
  }
  if (input.price === null) {
    patch.price = model.price;
    patch.shape = { ...shape, priceFollowsModel: true };
  } else if (input.price !== undefined) {
    patch.price = input.price;
    patch.shape = { ...shape, priceFollowsModel: false };
  }
  const cost = input.cost !== undefined ? cleanCost(input.cost) : null;
  if (Object.keys(patch).length > 0) {
    writeProductUpdate(ctx, variant.id, { ...patch, shape: patch.shape ?? shape }, actor);
  }
  if (cost !== null && cost !== averageCost(ctx.db, variant.id)) writeCost(ctx, variant.id, cost);
}

/** Edits one variant; its name, category, IVA and unit stay its model's. */
export function updateVariant(
  ctx: Ctx,
  variantId: string,
  input: PatchVariantInput,
  actor?: Actor,
): VariantGrid {
  const variant = requireVariant(ctx, variantId);
  if (Object.keys(input ?? {}).length === 0) throw invalid("empty_patch", "No hay cambios para guardar");
  if (input.barcodes !== undefined) {
    // Barcodes are checked against every other product by the write path itself.
    cleanBarcodes(input.barcodes);
  }
  ctx.db.transaction(() => writeVariantPatch(ctx, variant, input, actor))();
  emitChanged(ctx, variant.variantOf as string);
  return getVariantGrid(ctx, variant.variantOf as string);
}

/**
 * Edits several variants of one model in one transaction (the grid editor's save): every cell is checked
 * first, a barcode typed in two cells is refused, and a refusal while writing (a barcode another product
 * has, a SKU taken) names its cell and rolls the whole save back, so nothing is half-saved.
 */
export function updateVariants(
  ctx: Ctx,
  modelId: string,
  input: PatchVariantsInput,
  actor?: Actor,
): VariantGrid {
  const model = requireModel(ctx, modelId);
  const inputs = cellInputsByKey(model.variantAxes, input?.cells);
  if (inputs.size === 0) throw invalid("empty_patch", "No hay cambios para guardar");
  for (const cell of inputs.values()) {
    if (Object.keys(cell).length === 1) {
      throw invalid("empty_patch", `"${cell.values.join(" / ")}": no hay cambios para guardar`);
    }
  }
  assertGridBarcodesUnique(inputs.values());
  const variants = new Map(
    getProductsByIds(ctx, variantIdsOf(ctx, model)).map((v) => [cellKey(v.variantValues ?? []), v]),
  );
  ctx.db.transaction(() => {
    for (const [key, cell] of inputs) {
      const variant = variants.get(key);
      if (!variant) {
        throw invalid("unknown_cell", `La variante "${cell.values.join(" / ")}" no está en la grilla`);
      }
      try {
        writeVariantPatch(ctx, variant, cell, actor);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        const name = cell.values.join(" / ");
        throw new DomainError(e.kind, e.code, `${name}: ${e.message}`, { ...e.details, cell: name });
      }
    }
  })();
  emitChanged(ctx, modelId);
  return getVariantGrid(ctx, modelId);
}

/**
 * Turns a simple product into a model. Its row stays (its sales, returns and movements still name it)
 * and becomes the model; its barcodes, scale code, low-stock threshold and on-hand move to the variant
 * the shop picks (`keep`), the stock by a pair of movements so the ledger still adds up. Its cost, if
 * known, is every new variant's starting cost.
 */
export function convertToModel(
  ctx: Ctx,
  productId: string,
  input: ConvertToModelInput,
  actor: Actor,
): VariantGrid {
  const product = getProduct(ctx, productId);
  if (product.variantAxes) throw invalid("already_model", `"${product.name}" ya tiene variantes`);
  if (product.variantOf) {
    throw invalid(
      "variant_cannot_be_model",
      `"${product.name}" es una variante: no puede tener variantes propias`,
    );
  }
  const axes = cleanAxes(input.axes);
  const keepValues = Array.isArray(input.keep) ? input.keep.map((v) => String(v).trim()) : [];
  const keepKey = cellKey(keepValues);
  if (!gridCells(axes).some((c) => cellKey(c) === keepKey)) {
    throw invalid(
      "keep_not_in_grid",
      `Elegí a qué variante pasan el stock y los códigos de "${product.name}": "${keepValues.join(" / ")}" no está en la grilla`,
    );
  }
  const inputs = cellInputsByKey(axes, input.cells);
  assertGridBarcodesUnique([
    ...inputs.values(),
    {
      values: keepValues,
      barcodes: product.barcodes.filter((b) => !(inputs.get(keepKey)?.barcodes ?? []).includes(b)),
    },
  ]);
  const modelId = ctx.db.transaction(() => {
    const stock = onHand(ctx.db, product.id);
    const cost = averageCost(ctx.db, product.id);
    const model = writeProductUpdate(
      ctx,
      product.id,
      { barcodes: [], scaleCode: null, lowStockThreshold: null, shape: modelShape(axes) },
      actor,
    );
    const created = insertMissingCells(
      ctx,
      { ...model, lowStockThreshold: product.lowStockThreshold },
      axes,
      inputs,
      new Set(),
      actor,
      { key: keepKey, barcodes: product.barcodes, scaleCode: product.scaleCode },
      cost,
    );
    const kept = created.get(keepKey) as Product;
    if (stock !== 0) moveStock(ctx, product.id, kept, stock, actor);
    recordStockVariant(ctx, model.id, kept.id);
    audit(ctx, actor, "product.convert_to_model", product.id, { axes, keep: kept.variantValues, stock });
    return model.id;
  })();
  emitChanged(ctx, modelId);
  return getVariantGrid(ctx, modelId);
}

/**
 * Records which variant kept the converted product's stock and barcodes, so returns and voids of its
 * earlier sales put the goods back there (catalog/stock-holder.ts), and tells the cloud the same in the
 * model's product/updated op (`stockVariantId`, for its returns and voids projection).
 */
function recordStockVariant(ctx: Ctx, modelId: string, variantId: string): void {
  const at = isoNow(ctx);
  stmt(
    ctx.db,
    "INSERT INTO product_conversions (model_id, stock_variant_id, converted_at) VALUES (?, ?, ?)",
  ).run(modelId, variantId, at);
  enqueueOutbox(ctx.db, {
    entity: "product",
    entityId: modelId,
    op: "updated",
    payload: { ...outboxPayload(getProduct(ctx, modelId)), stockVariantId: variantId },
    at,
  });
}

/** Moves on-hand from the converted product to its variant: out of one, into the other, both to the cloud. */
function moveStock(ctx: Ctx, fromId: string, to: Product, quantity: number, actor: Actor): void {
  const at = isoNow(ctx);
  const note = `Pasa a la variante ${to.name}`.slice(0, 200);
  for (const [productId, delta] of [
    [fromId, -quantity],
    [to.id, quantity],
  ] as const) {
    const id = newId();
    insertStockMovements(ctx.db, [
      { id, productId, quantity: delta, reason: "adjustment", refId: null, staffId: actor.staffId, note, at },
    ]);
    enqueueOutbox(ctx.db, {
      entity: "stock_movement",
      entityId: id,
      op: "created",
      payload: { id, productId, quantity: delta, reason: "adjustment", note, staffId: actor.staffId, at },
      at,
    });
  }
}

/** A model, its axes and every cell (inactive ones flagged), in the grid's order. */
export function getVariantGrid(ctx: Ctx, modelId: string): VariantGrid {
  const model = requireModel(ctx, modelId);
  const axes = model.variantAxes;
  const variants = getProductsByIds(ctx, variantIdsOf(ctx, model));
  const order = (v: Product) => cellOrder(axes, v.variantValues ?? []);
  variants.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  });
  return {
    model,
    axes,
    cells: variants.map((v) => ({
      variantId: v.id,
      values: v.variantValues ?? [],
      name: v.name,
      sku: v.sku,
      barcodes: v.barcodes,
      price: v.price,
      priceFollowsModel: v.priceFollowsModel ?? true,
      cost: averageCost(ctx.db, v.id),
      onHand: v.onHand,
      active: v.active,
    })),
  };
}
