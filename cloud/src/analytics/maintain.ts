import type { Queryable, Sql } from "../db/sql.js";

/**
 * Notes, in the ingest batch's own transaction, the shop's calendar days these instants fall on as days
 * to recount (migration 0041). The recount itself (`recountDirtyDays`) runs once per noted day, by the
 * analytics worker and before the owner's Análisis answers: recounting in every batch made a busy day's
 * drain quadratic (each batch recounted the whole day so far).
 */
export async function noteSalesAnalyticsDays(
  q: Queryable,
  tenantId: string,
  storeId: string,
  instants: readonly (string | Date)[],
): Promise<void> {
  if (instants.length === 0) return;
  await q.query(
    `INSERT INTO analytics_dirty_days (tenant_id, store_id, day)
     SELECT DISTINCT $1::uuid, $2::uuid, (t AT TIME ZONE s.time_zone)::date
       FROM unnest($3::timestamptz[]) AS t, stores s WHERE s.tenant_id = $1 AND s.id = $2
     ON CONFLICT DO NOTHING`,
    [tenantId, storeId, instants.map((i) => (typeof i === "string" ? i : i.toISOString()))],
  );
}

/**
 * Recounts every noted day of the tenant from the raw rows (`analytics_refresh_days`), store by store, so
 * sales, voids and returns arriving in any order, or twice, leave what a recomputation from scratch would.
 * Run inside the tenant's transaction. The advisory lock (per store, until the transaction ends) keeps two
 * recounts of one store apart: the second waits, then finds the days already taken. A batch that notes a
 * day while a recount runs keeps its note (its rows were not yet visible), so that day is recounted again.
 */
export async function recountDirtyDays(q: Queryable, tenantId: string): Promise<number> {
  const stores = await q.query<{ store_id: string }>(
    "SELECT DISTINCT store_id FROM analytics_dirty_days WHERE tenant_id = $1",
    [tenantId],
  );
  let days = 0;
  for (const { store_id: storeId } of stores) {
    await q.query("SELECT pg_advisory_xact_lock(hashtextextended('analytics:' || $1::text, 0))", [storeId]);
    const taken = await q.query<{ day: string }>(
      "DELETE FROM analytics_dirty_days WHERE tenant_id = $1 AND store_id = $2 RETURNING day::text AS day",
      [tenantId, storeId],
    );
    if (taken.length === 0) continue;
    await q.query("SELECT analytics_refresh_days($1, $2, $3::date[])", [
      tenantId,
      storeId,
      taken.map((t) => t.day),
    ]);
    days += taken.length;
  }
  return days;
}

/**
 * How often the worker recounts one tenant at most. A recount takes a store's whole day again, so a busy
 * shop uploading every few seconds had its day recounted after nearly every batch: 19 % of PostgreSQL's
 * time at 300 appliances (`npm run load -- --statements`). Each tenant waits its own gap after its last
 * recount, so the recounts stay spread over time instead of all landing on one tick. This worker's memory
 * only: another replica keeps its own, and the owner's reads recount what is noted anyway (answer.ts).
 */
export class RecountSpacing {
  private readonly last = new Map<string, number>();
  constructor(
    readonly gapMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}
  due(tenant: string): boolean {
    const at = this.last.get(tenant);
    return at === undefined || this.nowMs() - at >= this.gapMs;
  }
  recounted(tenant: string): void {
    this.last.set(tenant, this.nowMs());
  }
  /** Forgets tenants whose gap has passed (they are due either way), so the map holds only recent ones. */
  forgetPast(): void {
    const now = this.nowMs();
    for (const [tenant, at] of this.last) if (now - at >= this.gapMs) this.last.delete(tenant);
  }
  /** Tenants still within their gap. */
  get waiting(): number {
    return this.last.size;
  }
}

/**
 * The worker's pass: every tenant with noted days (and, with a spacing, not recounted within its gap),
 * each in its own transaction. Answers the days recounted.
 */
export async function recountAllDirtyDays(sql: Sql, spacing?: RecountSpacing): Promise<number> {
  spacing?.forgetPast();
  const tenants = await sql.query<{ tenant: string }>("SELECT analytics_tenants_with_dirty_days() AS tenant");
  let days = 0;
  for (const { tenant } of tenants) {
    if (spacing && !spacing.due(tenant)) continue;
    days += await sql.withTenant(tenant, (q) => recountDirtyDays(q, tenant));
    spacing?.recounted(tenant);
  }
  return days;
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
