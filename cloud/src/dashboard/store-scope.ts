import { CloudError } from "../core/errors.js";
import type { Queryable } from "../db/sql.js";

/** A store as the dashboard's queries need it: its id, name and the zone its days and hours are read in. */
export interface ScopedStore {
  id: string;
  name: string;
  timeZone: string;
}

/**
 * The stores a dashboard question is about: the one asked for, or every store of the tenant. Runs inside
 * withTenant, so another tenant's store id is simply not found (404), exactly like an id that never existed.
 */
export async function storesInScope(q: Queryable, storeId: string | null): Promise<ScopedStore[]> {
  const rows = await q.query<{ id: string; name: string; time_zone: string }>(
    storeId
      ? "SELECT id, name, time_zone FROM stores WHERE id = $1"
      : "SELECT id, name, time_zone FROM stores ORDER BY created_at, id",
    storeId ? [storeId] : [],
  );
  if (storeId && rows.length === 0)
    throw new CloudError("not_found", "store_not_found", "No existe ese local");
  return rows.map((r) => ({ id: r.id, name: r.name, timeZone: r.time_zone }));
}
