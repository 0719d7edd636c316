import type { Queryable } from "../db/sql.js";

/**
 * Keeps the pre-aggregated sales (migration 0039) right for the shop's calendar days these instants
 * fall on: each (store, day) is recounted from the raw rows by `analytics_refresh_days`, in the ingest
 * batch's own transaction. A recount, not a delta, so sales, voids and returns arriving in any order,
 * or twice, always leave what a recomputation from scratch would.
 *
 * The advisory lock (per store, until the transaction ends) keeps two batches of one store (two tills'
 * appliances) from recounting the same day at once: the second waits and then reads the first's rows.
 */
export async function refreshSalesAnalytics(
  q: Queryable,
  tenantId: string,
  storeId: string,
  instants: readonly (string | Date)[],
): Promise<void> {
  if (instants.length === 0) return;
  await q.query("SELECT pg_advisory_xact_lock(hashtextextended('analytics:' || $1::text, 0))", [storeId]);
  await q.query(
    `SELECT analytics_refresh_days($1, $2,
       (SELECT array_agg(DISTINCT (t AT TIME ZONE s.time_zone)::date)
          FROM unnest($3::timestamptz[]) AS t, stores s WHERE s.tenant_id = $1 AND s.id = $2))`,
    [tenantId, storeId, instants.map((i) => (typeof i === "string" ? i : i.toISOString()))],
  );
}

const TABLES = [
  "analytics_store_hours",
  "analytics_product_days",
  "analytics_product_months",
  "analytics_payment_days",
  "analytics_staff_days",
];

/**
 * Every day the store has sales or returns on, recounted from scratch: after its time zone changed,
 * its calendar days and hours are other instants.
 */
export async function rebuildStoreAnalytics(q: Queryable, tenantId: string, storeId: string): Promise<void> {
  await q.query("SELECT pg_advisory_xact_lock(hashtextextended('analytics:' || $1::text, 0))", [storeId]);
  for (const table of TABLES)
    await q.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND store_id = $2`, [tenantId, storeId]);
  await q.query(
    `SELECT analytics_refresh_days($1, $2,
       (SELECT array_agg(DISTINCT (x.created_at AT TIME ZONE s.time_zone)::date)
          FROM stores s,
               LATERAL (SELECT created_at FROM sales WHERE tenant_id = $1 AND store_id = $2
                        UNION ALL SELECT created_at FROM returns WHERE tenant_id = $1 AND store_id = $2) x
         WHERE s.tenant_id = $1 AND s.id = $2))`,
    [tenantId, storeId],
  );
}
