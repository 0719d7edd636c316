import {
  BULK_PERCENT_BP_MAX,
  type BulkPriceInput,
  type BulkPriceResult,
  type BulkPriceRow,
} from "@mostrador/contracts/http/pricing";
import { MAX_AMOUNT } from "@mostrador/contracts/limits";
import { type Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { getCategory } from "./categories.js";
import { roundPrice } from "./price-rounding.js";
import { type Actor, writeProductUpdate } from "./product-writes.js";
import { getProduct } from "./products.js";

/**
 * Bulk price changes (with inflation, shops reprice weekly): a percentage or a fixed amount over a
 * category, a supplier's products or a selection, rounded to the shop's price endings. The preview and
 * the apply run the same computation, so what was shown is what gets written; the apply sends each
 * product through the catalog's update path (outbox, audit, price history) in one transaction.
 */

const invalid = (code: string, message: string) => new DomainError("invalid", code, message);

interface Target {
  id: string;
  sku: string;
  name: string;
  unit: BulkPriceRow["unit"];
  price: number;
  /** A variant whose price follows its model's: that model's id. */
  follows: string | null;
}

const TARGET_SELECT =
  "SELECT id, sku, name, unit, price, CASE WHEN price_follows_model = 1 THEN variant_of END AS follows FROM products";

function targets(ctx: Ctx, input: BulkPriceInput): Target[] {
  switch (input.target) {
    case "category": {
      if (!input.categoryId) throw invalid("category_required", "Elegí la categoría");
      const category = getCategory(ctx, input.categoryId);
      return ctx.db
        .prepare(`${TARGET_SELECT} WHERE active = 1 AND category_id = ? ORDER BY name_key, sku`)
        .all(category.id) as Target[];
    }
    case "supplier": {
      if (!input.supplierId) throw invalid("supplier_required", "Elegí el proveedor");
      const supplier = ctx.db.prepare("SELECT id FROM suppliers WHERE id = ?").get(input.supplierId);
      if (!supplier) throw new DomainError("not_found", "supplier_not_found", "El proveedor no existe");
      // A supplier's products: those ever ordered from it or received from it.
      return ctx.db
        .prepare(
          `${TARGET_SELECT} WHERE active = 1 AND id IN (
             SELECT l.product_id FROM purchase_order_lines l JOIN purchase_orders o ON o.id = l.order_id WHERE o.supplier_id = @supplierId
             UNION
             SELECT l.product_id FROM purchase_receipt_lines l JOIN purchase_receipts r ON r.id = l.receipt_id WHERE r.supplier_id = @supplierId)
           ORDER BY name_key, sku`,
        )
        .all({ supplierId: input.supplierId }) as Target[];
    }
    case "products": {
      if (!input.productIds?.length) throw invalid("products_required", "Elegí los productos");
      return [...new Set(input.productIds)].map((id) => {
        const p = getProduct(ctx, id);
        const follows = p.variantOf && p.priceFollowsModel ? p.variantOf : null;
        return { id: p.id, sku: p.sku, name: p.name, unit: p.unit, price: p.price, follows };
      });
    }
    default:
      throw invalid("invalid_target", 'El destino debe ser "category", "supplier" o "products"');
  }
}

function newPriceOf(price: number, input: BulkPriceInput, rounding: BulkPriceResult["rounding"]): number {
  const raw = input.mode === "percent" ? price + (price * input.amount) / 10_000 : price + input.amount;
  return roundPrice(raw, rounding);
}

function validate(input: BulkPriceInput): void {
  if (!Number.isSafeInteger(input.amount) || input.amount === 0) {
    throw invalid("invalid_amount", "El cambio debe ser un número entero distinto de cero");
  }
  if (input.mode === "percent" && (input.amount <= -10_000 || input.amount > BULK_PERCENT_BP_MAX)) {
    throw invalid("invalid_amount", "El porcentaje debe ser mayor que −100 % y de hasta 1000 %");
  }
  if (input.mode !== "percent" && input.mode !== "amount") {
    throw invalid("invalid_mode", 'El modo debe ser "percent" o "amount"');
  }
}

function compute(
  ctx: Ctx,
  input: BulkPriceInput,
): Omit<BulkPriceResult, "changeId"> & { moved: Set<string> } {
  validate(input);
  const rounding = input.rounding ?? getSettings(ctx.db).priceRounding ?? "none";
  const list = targets(ctx, input);
  // Variants that follow a model changed in the same run move with it (same price, same rounding): their
  // own write would make the price theirs and stop them following.
  const ids = new Set(list.map((t) => t.id));
  const moved = new Set(list.filter((t) => t.follows !== null && ids.has(t.follows)).map((t) => t.id));
  const rows = list.map((t) => ({
    productId: t.id,
    sku: t.sku,
    name: t.name,
    unit: t.unit,
    oldPrice: t.price,
    newPrice: newPriceOf(t.price, input, rounding),
  }));
  if (rows.length === 0) throw invalid("nothing_to_reprice", "No hay productos activos para cambiar");
  const negative = rows.find((r) => r.newPrice <= 0 && r.oldPrice > 0);
  if (negative) {
    throw invalid("price_not_positive", `"${negative.name}" quedaría sin precio: revisá el cambio`);
  }
  const huge = rows.find((r) => r.newPrice > MAX_AMOUNT);
  if (huge) throw invalid("price_too_high", `"${huge.name}" pasaría el precio máximo: revisá el cambio`);
  return { rounding, rows, changed: rows.filter((r) => r.newPrice !== r.oldPrice).length, moved };
}

/** What a bulk change would do, old → new per product; writes nothing. */
export function previewBulkPrices(ctx: Ctx, input: BulkPriceInput): BulkPriceResult {
  const { moved: _moved, ...result } = compute(ctx, input);
  return { ...result, changeId: null };
}

/** Applies a bulk change in one transaction; every changed row is a product update with history. */
export function applyBulkPrices(ctx: Ctx, actor: Actor, input: BulkPriceInput): BulkPriceResult {
  const changeId = newId();
  const result = ctx.db.transaction(() => {
    const preview = compute(ctx, input);
    for (const row of preview.rows) {
      if (row.newPrice === row.oldPrice || preview.moved.has(row.productId)) continue;
      writeProductUpdate(ctx, row.productId, { price: row.newPrice }, actor, {
        source: "bulk",
        refId: changeId,
      });
    }
    const { moved: _moved, ...shown } = preview;
    return shown;
  })();
  const productIds = result.rows.filter((r) => r.newPrice !== r.oldPrice).map((r) => r.productId);
  if (productIds.length > 0) ctx.bus.emit("catalog.changed", { productIds });
  return { ...result, changeId };
}
