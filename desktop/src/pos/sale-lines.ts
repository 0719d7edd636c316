import type { Product } from "@mostrador/contracts/http/catalog";
import { getProduct, getProductsByIds } from "../catalog/products.js";
import { resolveScan } from "../catalog/scan.js";
import { assertSellable } from "../catalog/variant-rules.js";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { CartLineInput, Discount } from "@mostrador/contracts/pos/totals";

/** A ticket line as the till sends it: a product id, or the code it scanned. */
export interface SaleLineInput {
  productId?: string | null;
  barcode?: string | null;
  /** Units, or grams for weighed goods; defaults to 1 unit. Ignored for label-scale codes (the label says). */
  quantity?: number | null;
  discount?: Discount | null;
}

export interface ResolvedLine {
  product: Product;
  barcode: string | null;
  cart: CartLineInput;
}

const invalid = (code: string, message: string) => new DomainError("invalid", code, message);

function resolveOne(
  ctx: Ctx,
  line: SaleLineInput,
  key: string,
  byId: ReadonlyMap<string, Product>,
): ResolvedLine {
  if (line === null || typeof line !== "object") throw invalid("invalid_line", "La línea no es válida");
  const discount = line.discount ?? null;
  if (typeof line.barcode === "string") {
    const scan = resolveScan(ctx, line.barcode);
    if (line.productId != null && line.productId !== scan.product.id) {
      throw invalid(
        "barcode_product_mismatch",
        `El código ${scan.barcode} es de "${scan.product.name}", no del producto indicado`,
      );
    }
    // A label-scale code carries the weight or the price itself; a product's own barcode is one unit
    // (or the grams the till weighed, for a weighed product with a fixed barcode). resolveScan says which
    // it was, so the barcode is not looked up a second time.
    const fromLabel = scan.source !== "barcode";
    const cart: CartLineInput = fromLabel
      ? {
          key,
          unit: scan.product.unit,
          quantity: scan.quantity,
          unitPrice: scan.product.price,
          ivaRate: scan.product.ivaRate,
          labelTotal: scan.labelTotal,
          discount,
        }
      : {
          key,
          unit: scan.product.unit,
          quantity: quantityOf(line, scan.product),
          unitPrice: scan.product.price,
          ivaRate: scan.product.ivaRate,
          discount,
        };
    return { product: scan.product, barcode: scan.barcode, cart };
  }
  if (typeof line.productId !== "string" || line.productId.length === 0) {
    throw invalid("line_without_product", "Falta el producto o el código escaneado");
  }
  // Not prefetched means unknown: getProduct throws the catalog's own not_found refusal.
  const product = byId.get(line.productId) ?? getProduct(ctx, line.productId);
  assertSellable(product);
  if (!product.active) throw invalid("product_inactive", `El producto "${product.name}" está dado de baja`);
  return {
    product,
    barcode: null,
    cart: {
      key,
      unit: product.unit,
      quantity: quantityOf(line, product),
      unitPrice: product.price,
      ivaRate: product.ivaRate,
      discount,
    },
  };
}

function quantityOf(line: SaleLineInput, product: Product): number {
  if (line.quantity != null) return line.quantity;
  if (product.unit === "kg")
    throw invalid("quantity_required", `Indicá el peso en gramos de "${product.name}"`);
  return 1;
}

/**
 * The products of the lines sold by id, in ONE query instead of one per line (the sale commit's hot path).
 * Malformed lines are skipped here; resolveOne refuses them in order, so the first bad line is the one named.
 */
function productsOfIdLines(ctx: Ctx, lines: readonly SaleLineInput[]): Map<string, Product> {
  const ids = new Set<string>();
  for (const line of lines) {
    if (line !== null && typeof line === "object" && typeof line.barcode !== "string") {
      if (typeof line.productId === "string" && line.productId.length > 0) ids.add(line.productId);
    }
  }
  return new Map(getProductsByIds(ctx, [...ids]).map((p) => [p.id, p]));
}

/**
 * Resolves each line's product (by id or by scanned code) into the cart line pos/totals.ts prices.
 * Refusals name the line, so the cashier knows which item to fix.
 */
export function resolveSaleLines(ctx: Ctx, lines: readonly SaleLineInput[]): ResolvedLine[] {
  const byId = productsOfIdLines(ctx, lines);
  return lines.map((line, i) => {
    try {
      return resolveOne(ctx, line, String(i + 1), byId);
    } catch (e) {
      if (!(e instanceof DomainError) || e.message.startsWith("Línea ")) throw e;
      throw new DomainError(e.kind, e.code, `Línea ${i + 1}: ${e.message}`, { ...e.details, line: i + 1 });
    }
  });
}
