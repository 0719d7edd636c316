import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import { PRODUCT_FIELD_NAMES, type FieldHlcT, type ProductValuesT } from "@mostrador/contracts/sync/catalog";
import { SYNC_OPS, type OpPayload } from "@mostrador/contracts/sync/ops";
import type { HandlerRegistration, IngestScope } from "../ingest/handlers.js";
import type { Queryable } from "../db/sql.js";
import { formatHlc, isHlc } from "./hlc.js";

import { lockProduct, mergeProductWrites } from "./products.js";
import { productOpsTheCatalogRefuses } from "./variant-checks.js";
import { mergeStoreOverride, tillsEditSharedCatalog } from "./store-overrides.js";

/**
 * Clocks for a payload from an appliance without the 0010 trigger (uploaded before it was installed):
 * every field stamped with the op's own time, so such an edit still takes part in last-writer-wins.
 */
function legacyClocks(op: IngestOp, scope: IngestScope): FieldHlcT {
  const node = scope.applianceId.replaceAll("-", "").toLowerCase();
  const hlc = formatHlc(Date.parse(op.createdAt), 0, node);
  return Object.fromEntries(PRODUCT_FIELD_NAMES.map((f) => [f, hlc]));
}

/**
 * The "product" projection: each op merges the fields the till changed into the cloud catalog under
 * per-field last-writer-wins (products.ts mergeProductWrites). Duplicates and reordered retries end in
 * the same row, because an older or equal clock never replaces a field. A product created at a till
 * belongs to that till's store. A tenant-wide product is the owner's: a till's edit of it becomes its
 * store's override (store-overrides.ts) unless the owner lets tills edit the shared catalog. Another
 * store's product never reaches here: ingest refuses such an op first (the registration's `owns`).
 */
export async function applyProductOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  const tillsMayEditShared = await tillsEditSharedCatalog(q, scope.tenantId);
  for (const op of ops) {
    const payload = op.payload as OpPayload<"product", "updated">;
    const clocks =
      payload.fieldHlc && Object.values(payload.fieldHlc).every(isHlc)
        ? payload.fieldHlc
        : legacyClocks(op, scope);
    const values = Object.fromEntries(
      PRODUCT_FIELD_NAMES.filter((f) => Object.hasOwn(payload, f)).map((f) => [f, payload[f]]),
    ) as Partial<ProductValuesT>;
    // A product converted to a model at a till: the variant that kept its stock (returns, voids).
    if (payload.stockVariantId)
      await q.query(
        `INSERT INTO product_conversions (tenant_id, model_id, stock_variant_id) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id, model_id) DO NOTHING`,
        [scope.tenantId, op.entityId, payload.stockVariantId],
      );
    const current = await lockProduct(q, op.entityId);
    if (current && current.store_id === null && !tillsMayEditShared) {
      await mergeStoreOverride(q, scope.tenantId, scope.storeId, current, { values, clocks, now: scope.now });
      continue;
    }
    await mergeProductWrites(q, scope.tenantId, op.entityId, {
      storeId: scope.storeId,
      values,
      clocks,
      now: scope.now,
    });
  }
}

/** The catalog module's projection of "product" ops (its manifest: catalog/module.ts). */
export const productProjection: HandlerRegistration = {
  apply: applyProductOps,
  payloads: SYNC_OPS.product,
  refuses: (q, scope, ops) => productOpsTheCatalogRefuses(q, scope, ops),
  owns: [
    {
      table: "products",
      ids: (op) => [op.entityId],
      reason: "El producto es de otro local: solo ese local, o el dueño desde el panel, puede cambiarlo",
    },
  ],
};
