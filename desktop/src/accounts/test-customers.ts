import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";

/**
 * A customer row for the accounts and loyalty tests (the customers module owns creating them for real;
 * here only the row matters, as pos/test-fixtures.ts does for cash sessions).
 */
export function insertCustomer(
  ctx: Ctx,
  c: { name: string; birthday?: string | null; bornAt?: string; createdAt?: string },
): { id: string; name: string } {
  const id = newId();
  const at = c.createdAt ?? isoNow(ctx);
  ctx.db
    .prepare(
      `INSERT INTO customers (id, name, name_key, birthday, born_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, c.name, c.name.toLowerCase(), c.birthday ?? null, c.bornAt ?? "local", at, at);
  return { id, name: c.name };
}

/** Links the appliance to a cloud as `storeId` (the row sync's enrollment writes). */
export function linkToCloud(ctx: Ctx, storeId: string, enrolledAt = "2020-01-01T00:00:00.000Z"): void {
  ctx.db
    .prepare(
      `INSERT INTO sync_credentials (id, cloud_url, appliance_id, tenant_id, store_id, token, name, enrolled_at)
       VALUES (1, 'http://127.0.0.1:1', ?, ?, ?, 'moa_test', 'Local', ?)`,
    )
    .run(newId(), newId(), storeId, enrolledAt);
}

/** Rows in the ledgers and allowances: to prove a refusal changed nothing. */
export function ledgerCounts(ctx: Ctx): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ["account_entries", "loyalty_entries", "allowance_entries", "customer_credit_limits"]) {
    out[t] = (ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
  }
  return out;
}
