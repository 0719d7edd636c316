import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import type { ProductValuesT } from "@mostrador/contracts/sync/catalog";
import { isUuid, type Queryable } from "../db/sql.js";
import type { IngestScope } from "../ingest/handlers.js";
import type { RejectedOp } from "../ingest/validate-ops.js";

interface Model {
  storeId: string | null;
  axes: ProductValuesT["variantAxes"];
  variantOf: string | null;
}

/**
 * Why a product op's variant fields cannot be applied, or null. The schema already checked their
 * types; this checks them against the model they name: it exists in this tenant (a model of another
 * tenant is invisible, so it is "missing"), belongs to this store or to the whole tenant, is a model,
 * and the variant names one value of each of its axes, in order.
 */
function whyNotAVariant(payload: OpPayload<"product", "updated">, model: Model | undefined): string | null {
  const { variantAxes, variantOf, variantValues } = payload;
  if (variantAxes != null && variantOf != null) return "Un producto no puede ser modelo y variante a la vez";
  if (variantOf == null)
    return variantValues != null ? "La variante trae valores pero no nombra su modelo" : null;
  if (variantOf === payload.id) return "La variante se nombra a sí misma como modelo";
  if (!model) return `El modelo ${variantOf} de la variante no existe en la nube`;
  if (model.variantOf !== null || model.axes === null)
    return `El producto ${variantOf} no es un modelo con variantes`;
  if (variantValues == null) return "La variante no trae sus valores (uno por eje del modelo)";
  if (variantValues.length !== model.axes.length)
    return `La variante trae ${variantValues.length} valores y su modelo tiene ${model.axes.length} ejes`;
  for (const [i, axis] of model.axes.entries())
    if (!axis.values.includes(variantValues[i]!))
      return `El valor "${variantValues[i]}" no es del eje "${axis.name}" del modelo`;
  return null;
}

/**
 * The product ops of a batch that name a model the cloud does not have (or not as a model), or cells
 * that are not of its grid: refused by name before anything is applied (the till parks them), since
 * taking them would leave a variant pointing nowhere. A model created earlier in the same batch counts
 * (a till writes the model, then its variants, in one transaction and in seq order).
 */
export async function productOpsTheCatalogRefuses(
  q: Queryable,
  scope: IngestScope,
  ops: IngestOp[],
): Promise<RejectedOp[]> {
  const inBatch = new Map<string, Model>();
  const named = [
    ...new Set(
      ops
        .map((op) => (op.payload as OpPayload<"product", "updated">).variantOf)
        .filter((id): id is string => typeof id === "string" && isUuid(id)),
    ),
  ];
  const stored = new Map<string, Model>();
  if (named.length > 0) {
    const rows = await q.query<{
      id: string;
      store_id: string | null;
      variant_axes: Model["axes"];
      variant_of: string | null;
    }>("SELECT id::text AS id, store_id, variant_axes, variant_of FROM products WHERE id = ANY($1::uuid[])", [
      named,
    ]);
    for (const r of rows)
      stored.set(r.id, { storeId: r.store_id, axes: r.variant_axes, variantOf: r.variant_of });
  }
  const refused: RejectedOp[] = [];
  for (const op of ops) {
    const payload = op.payload as OpPayload<"product", "updated">;
    const id = payload.variantOf;
    let model = typeof id === "string" ? (inBatch.get(id) ?? stored.get(id)) : undefined;
    if (model && model.storeId !== null && model.storeId !== scope.storeId) model = undefined;
    const reason =
      model === undefined && typeof id === "string" && stored.has(id)
        ? "El modelo de la variante es de otro local"
        : whyNotAVariant(payload, model);
    if (reason) refused.push({ id: op.id, reason });
    else if (payload.variantAxes !== undefined)
      inBatch.set(op.entityId, {
        storeId: stored.get(op.entityId)?.storeId ?? scope.storeId,
        axes: payload.variantAxes,
        variantOf: payload.variantOf ?? null,
      });
  }
  return refused;
}
