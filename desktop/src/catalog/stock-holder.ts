import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";

/**
 * The product whose stock a returned or voided line goes back to: the line's own product, or, when that
 * product was converted to a model after the sale, the variant that kept its stock and barcodes
 * (product_conversions, written by convertToModel). A model's row is never counted or shown.
 */
export function stockHolderOf(db: Db, productId: string): string {
  const row = stmt(db, "SELECT stock_variant_id AS id FROM product_conversions WHERE model_id = ?").get(
    productId,
  ) as { id: string } | undefined;
  return row?.id ?? productId;
}
