import type { Queryable } from "../db/sql.js";
import type { StockItem } from "@mostrador/contracts/http/dashboard";

// Name, unit and threshold from the cloud catalog (cloud/src/catalog); for a product the cloud has not
// learned yet, the name and unit the till last printed for it.
const PRODUCT_JOIN = `
  LEFT JOIN products p ON p.tenant_id = l.tenant_id AND p.id::text = l.product_id
  LEFT JOIN products m ON m.tenant_id = p.tenant_id AND m.id = p.variant_of
  LEFT JOIN LATERAL (SELECT sl.description, sl.unit FROM sale_lines sl
                     WHERE sl.tenant_id = l.tenant_id AND sl.product_id = l.product_id
                     ORDER BY sl.id DESC LIMIT 1) last_line ON p.id IS NULL`;
const PRODUCT_NAME = "COALESCE(p.name, last_line.description)";
const PRODUCT_UNIT = "COALESCE(p.unit, last_line.unit)";
const PRODUCT_THRESHOLD = "p.low_stock_threshold";

/**
 * On-hand per product per store (the ingest projection stock_levels), with the product's name and
 * low-stock threshold, and for a variant its model and values (each variant is stocked on its own). Low = at or under the threshold; products without a threshold are never low.
 * Low items first, then by store and name.
 */
export async function stockLevels(
  q: Queryable,
  storeId: string | null,
  lowOnly: boolean,
  limit: number,
): Promise<StockItem[]> {
  const rows = await q.query<{
    store_id: string;
    store_name: string;
    product_id: string;
    name: string | null;
    on_hand: number;
    unit: string | null;
    low_stock_threshold: number | null;
    model_id: string | null;
    model_name: string | null;
    variant_values: string[] | null;
  }>(
    `WITH levels AS (
       SELECT l.store_id, st.name AS store_name, l.product_id, l.on_hand, ${PRODUCT_NAME} AS name,
              ${PRODUCT_UNIT} AS unit, ${PRODUCT_THRESHOLD} AS low_stock_threshold,
              m.id AS model_id, m.name AS model_name, p.variant_values
       FROM stock_levels l JOIN stores st ON st.tenant_id = l.tenant_id AND st.id = l.store_id
       ${PRODUCT_JOIN}
       WHERE ($1::uuid IS NULL OR l.store_id = $1)
     )
     SELECT * FROM levels
     WHERE NOT $2 OR (low_stock_threshold IS NOT NULL AND on_hand <= low_stock_threshold)
     ORDER BY (low_stock_threshold IS NOT NULL AND on_hand <= low_stock_threshold) DESC,
              store_name, name NULLS LAST, product_id
     LIMIT $3`,
    [storeId, lowOnly, limit],
  );
  return rows.map((r) => {
    const onHand = Number(r.on_hand);
    const threshold = r.low_stock_threshold === null ? null : Number(r.low_stock_threshold);
    return {
      storeId: r.store_id,
      storeName: r.store_name,
      productId: r.product_id,
      name: r.name ?? r.product_id,
      onHand,
      unit: r.unit ?? "each",
      lowStockThreshold: threshold,
      low: threshold !== null && onHand <= threshold,
      variant:
        r.model_id !== null && r.model_name !== null
          ? { modelId: r.model_id, modelName: r.model_name, values: r.variant_values ?? [] }
          : null,
    };
  });
}
