import type { PriceChange } from "@mostrador/contracts/http/pricing";
import type { Ctx } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { getProduct } from "./products.js";

/** Where a price change came from: the product editor, a bulk change, or another writer that says so. */
export type PriceChangeSource = "editor" | "bulk" | "import" | (string & {});

export interface PriceChangeInput {
  productId: string;
  oldPrice: number;
  newPrice: number;
  source: PriceChangeSource;
  refId: string | null;
  staffId: string | null;
  at: string;
}

/** One row of a product's price history; called by the product update path inside its transaction. */
export function recordPriceChange(db: Db, change: PriceChangeInput): void {
  stmt(
    db,
    `INSERT INTO product_price_changes (id, product_id, old_price, new_price, source, ref_id, staff_id, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    newId(),
    change.productId,
    change.oldPrice,
    change.newPrice,
    change.source,
    change.refId,
    change.staffId,
    change.at,
  );
}

/** A product's price changes, newest first, with who made each one. */
export function priceHistory(ctx: Ctx, productId: string, limit = 200): PriceChange[] {
  const product = getProduct(ctx, productId);
  return ctx.db
    .prepare(
      `SELECT h.id, h.old_price AS oldPrice, h.new_price AS newPrice, h.source, h.ref_id AS refId,
              s.name AS staffName, h.at
         FROM product_price_changes h LEFT JOIN staff s ON s.id = h.staff_id
        WHERE h.product_id = ? ORDER BY h.at DESC, h.id DESC LIMIT ?`,
    )
    .all(product.id, limit) as PriceChange[];
}
