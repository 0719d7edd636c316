import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import { SYNC_OPS, type OpPayload } from "@mostrador/contracts/sync/ops";
import type { Queryable } from "../db/sql.js";
import type { HandlerRegistration, IngestScope } from "../ingest/handlers.js";
import type { RejectedOp } from "../ingest/validate-ops.js";
import { cleanCategoryName, mergeCategoryWrite } from "./categories.js";
import { formatHlc, isHlc } from "./hlc.js";

/** The name's clock: the till's (sync 0025 trigger), or the op's own time from an older appliance. */
function nameClock(op: IngestOp, scope: IngestScope): string {
  const hlc = (op.payload as OpPayload<"category", "created">).fieldHlc?.name;
  if (isHlc(hlc)) return hlc;
  return formatHlc(Date.parse(op.createdAt), 0, scope.applianceId.replaceAll("-", "").toLowerCase());
}

/**
 * The "category" projection: category/created and category/updated (a rename) under last-writer-wins
 * of the name, with a clash of names resolved by merging (categories.ts). Idempotent and
 * order-independent like products: an older or equal clock changes nothing.
 */
export async function applyCategoryOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  for (const op of ops) {
    const payload = op.payload as OpPayload<"category", "created">;
    await mergeCategoryWrite(q, scope.tenantId, op.entityId, {
      name: payload.name,
      hlc: nameClock(op, scope),
      now: scope.now,
    });
  }
}

/** A name with nothing but spaces is refused by name (the till parks it), never stored as "". */
async function categoryOpsRefused(
  _q: Queryable,
  _scope: IngestScope,
  ops: IngestOp[],
): Promise<RejectedOp[]> {
  return ops
    .filter((op) => cleanCategoryName((op.payload as OpPayload<"category", "created">).name) === "")
    .map((op) => ({ id: op.id, reason: "El nombre de la categoría está vacío" }));
}

/** The catalog module's projection of "category" ops (its manifest: catalog/module.ts). */
export const categoryProjection: HandlerRegistration = {
  apply: applyCategoryOps,
  payloads: SYNC_OPS.category,
  refuses: categoryOpsRefused,
};
