import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { Queryable } from "../../db/sql.js";
import type { IngestScope } from "../handlers.js";

/**
 * Entities without a projection yet (staff, device, settings, rules, ... and "product" until C3's
 * handler is registered): stored verbatim, one row per op, so a later projection can replay them.
 */
export async function storeApplianceEvents(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  await q.query(
    `INSERT INTO appliance_events (tenant_id, op_id, store_id, appliance_id, seq, entity, entity_id, op, payload,
       created_at)
     SELECT $1, e.id, $2, $3, e.seq, e.entity, e."entityId", e.op, e.payload, e."createdAt"
     FROM jsonb_to_recordset($4::jsonb) AS e(id uuid, seq bigint, entity text, "entityId" text, op text,
       payload jsonb, "createdAt" timestamptz)
     ON CONFLICT (tenant_id, op_id) DO NOTHING`,
    [scope.tenantId, scope.storeId, scope.applianceId, JSON.stringify(ops)],
  );
}
