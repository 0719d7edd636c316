import { hasValidCheckDigit, isGs1Numeric } from "@mostrador/contracts/pos/gs1";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { mulDiv } from "@mostrador/contracts/money";
import { getSettings } from "@mostrador/kernel/shop/settings";

import type { Product, ScanAnswer } from "@mostrador/contracts/http/catalog";
import { findProductByBarcode, findProductByScaleCode } from "./products.js";
import { parseScaleLabel } from "./scale-barcode.js";
import { assertSellable } from "./variant-rules.js";

/** What a scan puts on the ticket: the HTTP contract's ScanAnswer (contracts/src/http/catalog.ts). */
export type ScanResult = ScanAnswer;

const MAX_CODE_LENGTH = 64;

function requireActive(product: Product, code: string): Product {
  assertSellable(product, code);
  if (!product.active) {
    throw new DomainError(
      "invalid",
      "product_inactive",
      `El producto "${product.name}" (código ${code}) está dado de baja`,
      {
        productId: product.id,
        code,
      },
    );
  }
  return product;
}

/**
 * A UPC-A read as 12 digits and the same code read as EAN-13 with a leading 0 are one product;
 * scanners are configured either way, so the other form is tried before giving up.
 */
function findByEquivalentGtin(ctx: Ctx, code: string): Product | null {
  if (code.length === 12) return findProductByBarcode(ctx, `0${code}`);
  if (code.length === 13 && code.startsWith("0")) return findProductByBarcode(ctx, code.slice(1));
  return null;
}

/**
 * Resolves what the scanner (or a typed code) read: an exact barcode first, else a label-scale
 * EAN-13 (prefix 20–29) carrying a weight or a price for a product's scale item code.
 */
export function resolveScan(ctx: Ctx, rawCode: string): ScanResult {
  const code = typeof rawCode === "string" ? rawCode.trim() : "";
  if (code.length === 0 || code.length > MAX_CODE_LENGTH) {
    throw new DomainError("invalid", "invalid_barcode", "El código leído está vacío o es demasiado largo");
  }
  const exact = findProductByBarcode(ctx, code);
  if (exact)
    return {
      product: requireActive(exact, code),
      quantity: 1,
      labelTotal: null,
      barcode: code,
      source: "barcode",
    };

  if (isGs1Numeric(code) && !hasValidCheckDigit(code)) {
    throw new DomainError(
      "invalid",
      "bad_check_digit",
      `El código ${code} tiene el dígito verificador mal: volvé a escanearlo`,
      {
        code,
      },
    );
  }
  const equivalent = findByEquivalentGtin(ctx, code);
  if (equivalent)
    return {
      product: requireActive(equivalent, code),
      quantity: 1,
      labelTotal: null,
      barcode: code,
      source: "barcode",
    };

  const label = parseScaleLabel(code, getSettings(ctx.db).scaleLayouts);
  if (!label) {
    throw new DomainError(
      "not_found",
      "unknown_barcode",
      `El código ${code} no corresponde a ningún producto`,
      { code },
    );
  }
  const found = findProductByScaleCode(ctx, label.itemCode);
  if (!found) {
    throw new DomainError(
      "invalid",
      "unknown_scale_item",
      `La etiqueta de balanza ${code} es del artículo ${label.itemCode}, que no está cargado en el catálogo`,
      { code, itemCode: label.itemCode },
    );
  }
  const product = requireActive(found, code);

  if (label.kind === "weight") {
    if (product.unit !== "kg") {
      throw new DomainError(
        "invalid",
        "weight_label_for_unit_product",
        `La etiqueta ${code} trae un peso, pero "${product.name}" se vende por unidad`,
        { code, productId: product.id },
      );
    }
    // Price is computed by the till from price per kg × grams (pos/), not here.
    return { product, quantity: label.value, labelTotal: null, barcode: code, source: "weight_label" };
  }
  // Price label: the printed amount is the line total. For weighed goods the grams it implies are
  // kept for stock (price per kg × grams / 1000 ≈ total), never less than 1 g.
  const quantity =
    product.unit === "kg" && product.price > 0 ? Math.max(1, mulDiv(label.value, 1000, product.price)) : 1;
  return { product, quantity, labelTotal: label.value, barcode: code, source: "price_label" };
}
