import { rebuildStoreAnalytics } from "../analytics/maintain.js";
import { CloudError } from "../core/errors.js";
import type { Queryable } from "../db/sql.js";
import { canonicalTimeZone } from "./periods.js";
import { storesInScope } from "./store-scope.js";
import type { ApplianceStatus, DashboardStore } from "@mostrador/contracts/http/dashboard";

interface ApplianceRow {
  id: string;
  store_id: string;
  name: string;
  created_at: Date;
  last_seen_at: Date | null;
  revoked_at: Date | null;
  backlog: number | null;
  parked: number | null;
  last_ingest_at: Date | null;
}

/**
 * Every store with its appliances and their sync status: last seen (any authenticated call), last
 * upload applied, and the backlog and parked counts the appliance last reported (on the appliance row:
 * backlog from 0002_ingest, parked from 0004_dashboard).
 */
export async function storesWithStatus(q: Queryable): Promise<DashboardStore[]> {
  const stores = await q.query<{ id: string; name: string; time_zone: string; created_at: Date }>(
    "SELECT id, name, time_zone, created_at FROM stores ORDER BY created_at, id",
  );
  const appliances = await q.query<ApplianceRow>(
    `SELECT id, store_id, name, created_at, last_seen_at, revoked_at, backlog, parked, last_ingest_at
     FROM appliances ORDER BY created_at, id`,
  );
  const byStore = new Map<string, ApplianceStatus[]>();
  for (const a of appliances) {
    const list = byStore.get(a.store_id) ?? [];
    list.push({
      id: a.id,
      name: a.name,
      createdAt: a.created_at.toISOString(),
      lastSeenAt: a.last_seen_at?.toISOString() ?? null,
      revokedAt: a.revoked_at?.toISOString() ?? null,
      backlog: a.backlog,
      parked: a.parked,
      lastSyncAt: a.last_ingest_at?.toISOString() ?? null,
    });
    byStore.set(a.store_id, list);
  }
  return stores.map((s) => ({
    id: s.id,
    name: s.name,
    timeZone: s.time_zone,
    createdAt: s.created_at.toISOString(),
    appliances: byStore.get(s.id) ?? [],
  }));
}

/** Sets the zone a store's days and hours are read in; refuses names the tz database does not know. */
export async function setStoreTimeZone(q: Queryable, storeId: string, timeZone: string): Promise<string> {
  const canonical = canonicalTimeZone(timeZone);
  if (!canonical)
    throw new CloudError(
      "invalid",
      "time_zone_unknown",
      `"${timeZone}" no es una zona horaria conocida (por ejemplo America/Argentina/Buenos_Aires)`,
    );
  await storesInScope(q, storeId);
  const changed = await q.query<{ tenant_id: string }>(
    "UPDATE stores SET time_zone = $2 WHERE id = $1 AND time_zone <> $2 RETURNING tenant_id",
    [storeId, canonical],
  );
  // Its days and hours are other instants now: the analytics' rows are recounted in the new zone.
  for (const row of changed) await rebuildStoreAnalytics(q, row.tenant_id, storeId);
  return canonical;
}
