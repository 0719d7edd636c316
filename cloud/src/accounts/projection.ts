import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import type { Queryable } from "../db/sql.js";
import type { IngestScope } from "../ingest/handlers.js";
import { formatHlc } from "../catalog/hlc.js";
import { writeCreditLimit } from "./limits.js";

/**
 * The ledgers as the stores upload them: each entry appended once (ON CONFLICT DO NOTHING: a retried
 * batch writes nothing twice), in any order. Entries never change, so there is nothing to merge.
 */
export async function applyAccountEntryOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  const rows = ops.map((op) => op.payload as OpPayload<"account_entry", "created">);
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO account_entries (tenant_id, id, store_id, customer_id, kind, amount, sale_id, payload, created_at)
     SELECT $1, e.id, $2, e."customerId", e.kind, e.amount, e."saleId", e.payload, e."createdAt"
       FROM jsonb_to_recordset($3::jsonb) AS e(id text, "customerId" text, kind text, amount bigint, "saleId" text,
                                              payload jsonb, "createdAt" timestamptz)
     ON CONFLICT (tenant_id, id) DO NOTHING`,
    [scope.tenantId, scope.storeId, JSON.stringify(rows.map((p) => ({ ...p, payload: p })))],
  );
}

export async function applyLoyaltyEntryOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  const rows = ops.map((op) => op.payload as OpPayload<"loyalty_entry", "created">);
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO loyalty_entries (tenant_id, id, store_id, customer_id, kind, points, sale_id, payload, created_at)
     SELECT $1, e.id, $2, e."customerId", e.kind, e.points, e."saleId", e.payload, e."createdAt"
       FROM jsonb_to_recordset($3::jsonb) AS e(id text, "customerId" text, kind text, points bigint, "saleId" text,
                                              payload jsonb, "createdAt" timestamptz)
     ON CONFLICT (tenant_id, id) DO NOTHING`,
    [scope.tenantId, scope.storeId, JSON.stringify(rows.map((p) => ({ ...p, payload: p })))],
  );
}

export async function applyAllowanceEntryOps(
  q: Queryable,
  scope: IngestScope,
  ops: IngestOp[],
): Promise<void> {
  const rows = ops.map((op) => op.payload as OpPayload<"allowance_entry", "created">);
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO allowance_entries (tenant_id, id, store_id, customer_id, kind, amount, reason, returns_grant, created_at, answers_recall)
     SELECT $1, e.id, $2, e."customerId", e.kind, e.amount, e.reason, e."returnsGrant", e."createdAt", e."answersRecall"
       FROM jsonb_to_recordset($3::jsonb) AS e(id text, "customerId" text, kind text, amount bigint, reason text,
                                              "returnsGrant" text, "createdAt" timestamptz, "answersRecall" text)
     ON CONFLICT (tenant_id, id) DO NOTHING`,
    [scope.tenantId, scope.storeId, JSON.stringify(rows)],
  );
}

/**
 * A limit a store's manager set (its birth store): the later clock wins, wherever it was set (the
 * dashboard too, `limits.ts`). An older appliance sends no clock: its setAt stands for it.
 */
export async function applyCreditLimitOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  for (const op of ops) {
    const p = op.payload as OpPayload<"customer_credit_limit", "updated">;
    const hlc = p.hlc ?? formatHlc(Date.parse(p.setAt), 0, scope.storeId.replaceAll("-", ""));
    await writeCreditLimit(q, {
      customerId: p.customerId,
      creditLimit: p.creditLimit,
      setByStore: scope.storeId,
      setAt: p.setAt,
      hlc,
    });
  }
}
