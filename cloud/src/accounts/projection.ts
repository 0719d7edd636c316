import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import type { Queryable } from "../db/sql.js";
import type { IngestScope } from "../ingest/handlers.js";

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
    `INSERT INTO allowance_entries (tenant_id, id, store_id, customer_id, kind, amount, reason, returns_grant, created_at)
     SELECT $1, e.id, $2, e."customerId", e.kind, e.amount, e.reason, e."returnsGrant", e."createdAt"
       FROM jsonb_to_recordset($3::jsonb) AS e(id text, "customerId" text, kind text, amount bigint, reason text,
                                              "returnsGrant" text, "createdAt" timestamptz)
     ON CONFLICT (tenant_id, id) DO NOTHING`,
    [scope.tenantId, scope.storeId, JSON.stringify(rows)],
  );
}

/** A limit a store's manager set (its birth store): the latest set_at wins, wherever it was set. */
export async function applyCreditLimitOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  for (const op of ops) {
    const p = op.payload as OpPayload<"customer_credit_limit", "updated">;
    await q.query(
      `INSERT INTO credit_limits (tenant_id, customer_id, credit_limit, set_by_store, set_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, customer_id) DO UPDATE SET credit_limit = excluded.credit_limit,
         set_by_store = excluded.set_by_store, set_at = excluded.set_at
       WHERE credit_limits.set_at <= excluded.set_at`,
      [scope.tenantId, p.customerId, p.creditLimit, scope.storeId, p.setAt],
    );
  }
}
